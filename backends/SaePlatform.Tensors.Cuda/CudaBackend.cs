using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.SimDevice;
using SaePlatform.Tensors.Cuda.Cuda;
using SaePlatform.Tensors.Cuda.Kernels;
using SaePlatform.Tensors.Cuda.Memory;
using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Cuda;

/// <summary>
/// The CUDA tensor backend: every kernel of <see cref="ITensorBackend"/> as an ILGPU kernel, GEMMs through cuBLASLt,
/// device memory from a caching allocator, large uploads through pinned staging. The same kernels also run on ILGPU's
/// CPU accelerator (<see cref="CreateOnCpuAccelerator"/>, device <c>ilgpu-cpu</c>), where the conformance suite checks
/// them on machines without a GPU. Reductions never use float atomics: each output is summed by one thread in a fixed
/// order (or from fixed partial sums), so a run repeats its bits on the same GPU model.
/// </summary>
public sealed partial class CudaBackend : ITensorBackend, IDisposable
{
    /// <summary>Uploads at least this large go through pinned staging (and the copy stream on a GPU).</summary>
    internal const int StagedUploadBytes = 1 << 20;

    [ThreadStatic] private static Accelerator? _boundOnThread;

    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly IGemmEngine _gemm;
    private readonly UploadStaging? _staging;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _scratch; // one element: the view behind absent optional operands
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _readback; // values kernels hand to the host
    private Action<Index1D, ArrayView<float>, float>? _fill;
    private bool _disposed;

    private CudaBackend(Context context, Accelerator accelerator, string deviceName, CudaOptions options, IGemmEngine? gemm, bool poison)
    {
        _context = context;
        _accelerator = accelerator;
        Options = options;
        Device = TensorDevice.Create(deviceName);
        Bind();
        Allocator = new DeviceAllocator(accelerator, poison ? view => FillRange(view, float.NaN) : null);
        _scratch = accelerator.Allocate1D<float>(1);
        _readback = accelerator.Allocate1D<double>(4);
        _gemm = gemm ?? new KernelGemm(this);
        if (accelerator is CudaAccelerator cuda && options.CopyStream)
        {
            _staging = new UploadStaging(cuda);
            Allocator.LargeReturned = _staging.Released;
            Allocator.Freed = _staging.Freed;
        }
    }

    /// <summary>
    /// The backend on ILGPU's CPU accelerator: the CUDA backend's kernels run on host threads over memory only the
    /// backend touches (fresh memory poisoned with NaN, as a GPU's is not zeroed). For tests and <c>sae engine check
    /// --device ilgpu-cpu</c>; slow.
    /// </summary>
    public static CudaBackend CreateOnCpuAccelerator()
    {
        var context = Context.Create(builder => builder.CPU().EnableAlgorithms().Math(MathMode.Default));
        try
        {
            var accelerator = context.CreateCPUAccelerator(0);
            return new CudaBackend(context, accelerator, "ilgpu-cpu", CudaOptions.Default with { CopyStream = false }, gemm: null, poison: true);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The backend on CUDA device <paramref name="ordinal"/>, or null with the reason when there is none: no driver, no
    /// device, or no cuBLASLt in <paramref name="cublasLtPath"/>.
    /// </summary>
    /// <param name="ordinal">The CUDA device number.</param>
    /// <param name="driverPath">The driver library (<c>libcuda.so.1</c>) the host's search found; ILGPU's imports are
    /// pointed at it, since a driver-only machine often has no <c>libcuda.so</c> link.</param>
    /// <param name="cublasLtPath">The cuBLASLt library to load (from the host's library search), or null to fall back to the
    /// backend's own GEMM kernel (slow; named in <see cref="Name"/>).</param>
    /// <param name="options">Precision and staging options.</param>
    /// <param name="why">Why no backend was created.</param>
    public static CudaBackend? TryCreateCuda(int ordinal, string driverPath, string? cublasLtPath, CudaOptions options, out string why)
    {
        Context? context = null;
        try
        {
            CudaDriver.Resolve(driverPath);
            context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Math(MathMode.Default));
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                why = "the CUDA driver reports no device (or libcuda.so.1 could not be loaded)";
                context.Dispose();
                return null;
            }
            if (ordinal < 0 || ordinal >= devices.Count)
            {
                why = $"there is no CUDA device {ordinal} ({devices.Count} found)";
                context.Dispose();
                return null;
            }
            var accelerator = (CudaAccelerator)devices[ordinal].CreateAccelerator(context);
            CublasLtGemm? gemm = null;
            if (cublasLtPath is not null) gemm = CublasLtGemm.Load(cublasLtPath, accelerator, options.Precision);
            why = "";
            return new CudaBackend(context, accelerator, $"cuda:{ordinal}", options, gemm, poison: false);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or AcceleratorException or CudaException
            or InvalidOperationException or NotSupportedException or TypeInitializationException)
        {
            context?.Dispose();
            why = $"CUDA could not be initialised: {ex.Message}";
            return null;
        }
    }

    /// <inheritdoc />
    public string Name => $"{Device.Name} ({_accelerator.Name}, {_gemm.Name}{(_staging is null ? "" : ", pinned staging on a copy stream")})";

    /// <inheritdoc />
    public TensorDevice Device { get; }

    /// <summary>Precision and staging options.</summary>
    public CudaOptions Options { get; }

    /// <summary>True on a GPU whose GEMMs run on the backend's own kernel because no cuBLASLt was found.</summary>
    public bool UsesGemmFallback => _accelerator is CudaAccelerator && _gemm is KernelGemm;

    /// <summary>What crossed between host and device since the last <see cref="DeviceTransfers.Reset"/>.</summary>
    public DeviceTransfers Transfers { get; } = new();

    /// <summary>The caching allocator's counters.</summary>
    public long PeakBytes => Allocator.PeakBytes;

    internal DeviceAllocator Allocator { get; }

    /// <summary>True once <see cref="Dispose"/> has given the device back.</summary>
    internal bool IsDisposed => _disposed;

    internal Accelerator Accelerator => _accelerator;

    /// <inheritdoc />
    public TensorStorage Allocate(int length, bool persistent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Bind();
        return Allocator.Rent(this, length);
    }

    /// <summary>Waits until every queued kernel and copy has finished (benchmarks time steps with it).</summary>
    public void Synchronize()
    {
        Bind();
        _accelerator.Synchronize();
    }

    /// <summary>Makes the accelerator's context current on this thread (the CUDA driver keeps it per thread).</summary>
    internal void Bind()
    {
        if (ReferenceEquals(_boundOnThread, _accelerator)) return;
        _accelerator.Bind();
        _boundOnThread = _accelerator;
    }

    internal void Upload(DeviceStorage storage, long offset, ReadOnlySpan<float> source)
    {
        Bind();
        Transfers.Write(source.Length * 4L);
        var target = storage.View.SubView(offset, source.Length);
        if (_staging is not null && source.Length * 4L >= StagedUploadBytes) _staging.Upload(source, storage, offset);
        else target.CopyFromCPU(_accelerator.DefaultStream, source);
    }

    internal void Download(DeviceStorage storage, long offset, Span<float> destination)
    {
        Bind();
        Transfers.Read(destination.Length * 4L);
        storage.View.SubView(offset, destination.Length).CopyToCPU(_accelerator.DefaultStream, destination);
        _accelerator.DefaultStream.Synchronize();
    }

    internal void FillRange(ArrayView<float> view, float value)
    {
        Bind();
        if (view.Length > 0) (_fill ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(CoreKernels.Fill))((int)view.Length, view, value);
    }

    internal void CopyRange(ArrayView<float> source, ArrayView<float> destination)
    {
        Bind();
        source.CopyTo(_accelerator.DefaultStream, destination);
    }

    /// <summary>The device memory of <paramref name="t"/>; throws for a tensor that does not live on this backend's device.</summary>
    internal ArrayView<float> V(Tensor t, string op)
    {
        if (t.Storage is DeviceStorage s && s.Owner == this)
        {
            Bind();
            s.KernelUsed = true;
            return s.View;
        }
        throw new ArgumentException(
            $"{op}: {t} lives on {t.Device}, not on {Device.Name}; upload it with ToDevice() (or create it under this backend) before computing with it.");
    }

    /// <summary>The memory of an optional operand (a one-element scratch view when absent; pass a flag with it).</summary>
    internal ArrayView<float> V(Tensor? t, string op, bool optional) => t is null ? _scratch.View : V(t, op);

    /// <summary>The device memory of indices (their float32 bits reinterpreted as int32).</summary>
    internal ArrayView<int> I(IndexTensor t, string op)
    {
        if (t.DeviceBits is { } bits) return V(bits, op).Cast<int>();
        throw new ArgumentException(
            $"{op}: {t} lives on {t.Device}, not on {Device.Name}; create it with IndexTensor.FromArray under this backend before computing with it.");
    }

    /// <summary>New device indices of <paramref name="length"/> entries (scope-tracked like any tensor).</summary>
    internal IndexTensor NewIndices(int length) => IndexTensor.OnDevice(Tensor.OnStorage(Allocate(length, persistent: false), length));

    /// <summary>The int32 view of indices created by <see cref="NewIndices"/>.</summary>
    internal static ArrayView<int> IndicesView(IndexTensor t) => ((DeviceStorage)t.DeviceBits!.Storage).View.Cast<int>();

    /// <summary>The backend's small device buffer for values a kernel hands to the host (read with <see cref="ReadBack"/>).</summary>
    internal ArrayView<double> ReadbackView => _readback.View;

    /// <summary>Reads the first <paramref name="count"/> readback values (one counted transfer).</summary>
    internal double[] ReadBack(int count)
    {
        var values = new double[count];
        Transfers.Read(count * 8L);
        _readback.View.SubView(0, count).CopyToCPU(_accelerator.DefaultStream, values.AsSpan());
        _accelerator.DefaultStream.Synchronize();
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Bind();
        _accelerator.Synchronize();
        (_gemm as IDisposable)?.Dispose();
        Allocator.Dispose();
        _staging?.Dispose();
        _scratch.Dispose();
        _readback.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
        _boundOnThread = null;
    }
}
