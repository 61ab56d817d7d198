using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Runs;

/// <summary>
/// <c>M/L.lock</c>: says which process is writing a run's files, so that a second run into the same folder stops
/// (exit code <see cref="ExitCodes.OutputInUse"/>) instead of both writing and the last one winning. The file holds the
/// owner's process id, its start time (a reused process id is not mistaken for the owner) and the machine name. A lock
/// whose process is gone on this machine is stale: it is taken over with a warning naming the old owner.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly string _path;
    private readonly string _content;

    private RunLock(string path, string content)
    {
        _path = path;
        _content = content;
    }

    /// <summary>The lock file of a run whose files are named by <paramref name="paths"/>.</summary>
    public static string PathFor(RunPaths paths) => Path.Combine(paths.ModelDirectory, paths.Layer + ".lock");

    /// <summary>Throws when a live process holds <paramref name="lockPath"/>; creates nothing. Used before any data is read.</summary>
    /// <exception cref="OutputInUseException">Another live run owns the folder.</exception>
    public static void ThrowIfHeld(string lockPath)
    {
        if (Read(lockPath) is { } owner && IsAlive(owner)) throw InUse(lockPath, owner);
    }

    /// <summary>
    /// Whether a live process (this one included) holds <paramref name="lockPath"/>: the dashboard's "running". Reads only;
    /// an unreadable lock is not held (as <see cref="Acquire"/> treats it).
    /// </summary>
    public static bool IsHeldByLiveProcess(string lockPath)
    {
        if (Read(lockPath) is not { } owner) return false;
        bool here = string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);
        return (here && owner.Pid == Environment.ProcessId) || IsAlive(owner);
    }

    /// <summary>The owner recorded in <paramref name="lockPath"/>, described for a person, or null when it cannot be read.</summary>
    public static string? DescribeOwner(string lockPath) => Read(lockPath)?.Describe();

    /// <summary>Creates <paramref name="lockPath"/> for this process, taking over a stale lock with a warning.</summary>
    /// <exception cref="OutputInUseException">Another live run owns the folder.</exception>
    public static RunLock Acquire(string lockPath, ILogger log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockPath))!);
        var content = JsonSerializer.Serialize(Owner.Current());
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                using (var writer = new StreamWriter(stream))
                    writer.Write(content);
                return new RunLock(lockPath, content);
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                var owner = Read(lockPath);
                if (owner is not null && IsAlive(owner)) throw InUse(lockPath, owner);
                log.StaleLockTakenOver(lockPath, owner?.Describe() ?? "unreadable content");
                TryDelete(lockPath);
            }
        }
        throw new OutputInUseException($"{lockPath}: could not be created (another run keeps recreating it).");
    }

    /// <summary>Removes the lock, if it is still this process's.</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path) == _content) File.Delete(_path);
        }
        catch (IOException)
        {
            // Leaving it is harmless: the next run sees this process gone and takes it over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static OutputInUseException InUse(string lockPath, Owner owner) =>
        new($"the output folder is in use: {lockPath} is held by a live run ({owner.Describe()}). " +
            "Wait for it to finish, choose another run.output_dir, or delete the lock file if that run is not writing here.");

    private static Owner? Read(string lockPath)
    {
        try
        {
            return File.Exists(lockPath) ? JsonSerializer.Deserialize<Owner>(File.ReadAllText(lockPath)) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsAlive(Owner owner)
    {
        // Another machine's process cannot be checked from here: assume it is alive.
        if (!string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return true;
        if (owner.Pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(owner.Pid);
            if (process.HasExited) return false;
            return owner.ProcessStartUtc is not { } started || Math.Abs((process.StartTime.ToUniversalTime() - started).TotalSeconds) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>What a lock file holds.</summary>
    internal sealed record Owner(int Pid, string Host, DateTime? ProcessStartUtc, DateTime LockedUtc)
    {
        public static Owner Current()
        {
            using var self = Process.GetCurrentProcess();
            return new Owner(Environment.ProcessId, Environment.MachineName, self.StartTime.ToUniversalTime(), DateTime.UtcNow);
        }

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"process {Pid} on {Host}, since {LockedUtc:yyyy-MM-dd HH:mm:ss} UTC");
    }
}

/// <summary>Another live run owns the output folder (exit code <see cref="ExitCodes.OutputInUse"/>).</summary>
internal sealed class OutputInUseException(string message) : Exception(message);
