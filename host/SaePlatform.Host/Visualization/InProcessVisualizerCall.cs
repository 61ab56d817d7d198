using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// Runs a visualizer call on a dedicated background thread and waits at most its time limit. A call that
/// overruns is cancelled through its token and abandoned, never awaited: the thread is a background thread,
/// so it cannot keep the process alive, and the run goes on. (A hard crash still ends the process; that is
/// what <c>isolation: process</c> is for.)
/// </summary>
internal static class InProcessVisualizerCall
{
    /// <summary>Runs <paramref name="call"/> (construct and render) with a limit of <paramref name="timeout"/>.</summary>
    public static VisualizerCallOutcome Run(string name, Action<CancellationToken> call, TimeSpan timeout, CancellationToken cancellation)
    {
        // Not disposed when the call is abandoned: the abandoned thread may still read its token.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var done = new ManualResetEventSlim();
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                call(cts.Token);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                done.Set();
            }
        })
        {
            IsBackground = true,
            Name = "visualizer " + name,
        };
        thread.Start();

        var finished = WaitHandle.WaitAny([done.WaitHandle, cancellation.WaitHandle], timeout);
        if (finished != 0 && !done.IsSet)
        {
            cts.Cancel();
            return cancellation.IsCancellationRequested
                ? VisualizerCallOutcome.Failed(VisualizerFailureKind.Timeout, "cancelled; abandoned")
                : VisualizerCallOutcome.Failed(VisualizerFailureKind.Timeout, $"did not finish within {timeout.TotalSeconds:0.#} s; abandoned");
        }
        cts.Dispose();
        done.Dispose();
        return error is null ? VisualizerCallOutcome.Success : VisualizerCallOutcome.Failed(VisualizerFailureKind.Exception, Describe(error));
    }

    /// <summary><c>InvalidOperationException: message</c>, unwrapping constructor invocation wrappers.</summary>
    public static string Describe(Exception error) => error switch
    {
        ComponentCreationException e => e.Message,
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Describe(inner),
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
