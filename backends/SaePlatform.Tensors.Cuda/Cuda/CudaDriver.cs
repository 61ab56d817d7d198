using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;

namespace SaePlatform.Tensors.Cuda.Cuda;

/// <summary>
/// The few CUDA driver calls the backend makes itself (ILGPU makes the rest): events, to order the copy stream against
/// the compute stream, and pinned host memory for staged uploads. The driver library is the one the host's search found (<see cref="Resolve"/>), for ILGPU's imports
/// as for these.
/// </summary>
internal static partial class CudaDriver
{
    private const string Library = "cuda";
    private static string? _driverPath;
    private static int _resolverSet;

    /// <summary>Points the <c>cuda</c> imports of ILGPU and of this class at <paramref name="driverPath"/> (once per process).</summary>
    public static void Resolve(string driverPath)
    {
        _driverPath = driverPath;
        if (Interlocked.Exchange(ref _resolverSet, 1) != 0) return;
        DllImportResolver resolver = (name, _, _) =>
            name is Library or "nvcuda" && _driverPath is not null && NativeLibrary.TryLoad(_driverPath, out var handle) ? handle : IntPtr.Zero;
        foreach (var assembly in new[] { typeof(Context).Assembly, typeof(CudaDriver).Assembly })
        {
            try
            {
                NativeLibrary.SetDllImportResolver(assembly, resolver);
            }
            catch (InvalidOperationException)
            {
                // The assembly has a resolver already (its own): its search applies.
            }
        }
    }

    /// <summary>Throws when a driver call failed.</summary>
    public static void Check(int status, string call)
    {
        if (status != 0) throw new InvalidOperationException($"CUDA driver call {call} failed with CUresult {status}.");
    }

    public const uint EventDisableTiming = 2;

    [LibraryImport(Library, EntryPoint = "cuEventCreate")]
    public static partial int EventCreate(out IntPtr cuEvent, uint flags);

    [LibraryImport(Library, EntryPoint = "cuEventRecord")]
    public static partial int EventRecord(IntPtr cuEvent, IntPtr stream);

    [LibraryImport(Library, EntryPoint = "cuEventSynchronize")]
    public static partial int EventSynchronize(IntPtr cuEvent);

    [LibraryImport(Library, EntryPoint = "cuEventDestroy_v2")]
    public static partial int EventDestroy(IntPtr cuEvent);

    [LibraryImport(Library, EntryPoint = "cuStreamWaitEvent")]
    public static partial int StreamWaitEvent(IntPtr stream, IntPtr cuEvent, uint flags);

    [LibraryImport(Library, EntryPoint = "cuMemAllocHost_v2")]
    public static partial int MemAllocHost(out IntPtr host, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemFreeHost")]
    public static partial int MemFreeHost(IntPtr host);

    [LibraryImport(Library, EntryPoint = "cuMemcpyHtoDAsync_v2")]
    public static partial int MemcpyHtoDAsync(IntPtr device, IntPtr host, nuint bytes, IntPtr stream);
}
