using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;

namespace CarriesOwnContracts;

/// <summary>Only recognisable as a component if the host shares its SaePlatform.Contracts with this plugin.</summary>
[TrainingObserver("carries_own_contracts")]
public sealed class CarriesOwnContractsObserver : ITrainingObserver;
