using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda.Cuda;

/// <summary>
/// Row-major GEMMs through cuBLASLt, loaded at run time from the library the host's search found (CUDA 11.8 to 13 share
/// these entry points). cuBLASLt is column-major, so C[m, n] = op(A) op(B) is computed as C^T = op(B)^T op(A)^T: B's
/// storage is cuBLASLt's first operand and A's its second, with no copies. One plan (descriptors and the heuristic's
/// algorithm) is kept per shape; split-K reductions are excluded (<c>CUBLASLT_MATMUL_PREF_REDUCTION_SCHEME_MASK</c> = none),
/// so each output element is summed in one order and a run repeats its bits on the same GPU.
/// </summary>
internal sealed unsafe class CublasLtGemm : IGemmEngine, IDisposable
{
    private const int ComputeType32F = 68, ComputeType32FFastTf32 = 77; // cublasComputeType_t
    private const int DataR32F = 0, DataR16BF = 14;                        // cudaDataType_t
    private const int DescTransA = 3, DescTransB = 4;                      // cublasLtMatmulDescAttributes_t
    private const int PrefMaxWorkspaceBytes = 1, PrefReductionSchemeMask = 3; // cublasLtMatmulPreferenceAttributes_t
    private const long WorkspaceBytes = 32L << 20;

    private readonly IntPtr _library;
    private readonly CudaAccelerator _accelerator;
    private readonly Api _api;
    private readonly IntPtr _handle;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _workspace;
    private readonly Dictionary<(bool, bool, int, int, int), Plan> _plans = new();
    private readonly Action<Index1D, ArrayView<float>, ArrayView<ushort>>? _toBf16;
    private MemoryBuffer1D<ushort, Stride1D.Dense>? _bf16A, _bf16B;

    private CublasLtGemm(IntPtr library, CudaAccelerator accelerator, GemmPrecision precision)
    {
        _library = library;
        _accelerator = accelerator;
        Precision = precision;
        _api = new Api(library);
        IntPtr handle;
        Check(_api.Create(&handle), "cublasLtCreate");
        _handle = handle;
        Version = (long)_api.GetVersion();
        _workspace = accelerator.Allocate1D<byte>(WorkspaceBytes);
        if (precision == GemmPrecision.Bf16)
            _toBf16 = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<ushort>>(GemmKernels.ToBf16);
    }

    /// <summary>GEMM operand precision.</summary>
    public GemmPrecision Precision { get; }

    /// <summary>cuBLASLt's version number (e.g. 120401 for 12.4.1).</summary>
    public long Version { get; }

    public string Name => $"cuBLASLt {Version / 10000}.{Version / 100 % 100} {Precision.ToString().ToLowerInvariant()}";

    /// <summary>Loads cuBLASLt from <paramref name="path"/> and creates a handle on <paramref name="accelerator"/>'s context.</summary>
    /// <exception cref="DllNotFoundException">The library does not load.</exception>
    /// <exception cref="EntryPointNotFoundException">It lacks an entry point this class calls.</exception>
    /// <exception cref="InvalidOperationException">cuBLASLt refused to create a handle.</exception>
    public static CublasLtGemm Load(string path, CudaAccelerator accelerator, GemmPrecision precision)
    {
        var library = NativeLibrary.Load(path);
        try
        {
            return new CublasLtGemm(library, accelerator, precision);
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }
    }

    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> a, ArrayView<float> b, float beta, ArrayView<float> c)
    {
        var key = (transposeA, transposeB, m, n, k);
        if (!_plans.TryGetValue(key, out var plan)) _plans[key] = plan = CreatePlan(transposeA, transposeB, m, n, k);
        IntPtr pa, pb;
        if (Precision == GemmPrecision.Bf16)
        {
            pa = ToBf16(a, ref _bf16A);
            pb = ToBf16(b, ref _bf16B);
        }
        else
        {
            pa = a.LoadEffectiveAddressAsPtr();
            pb = b.LoadEffectiveAddressAsPtr();
        }
        IntPtr pc = c.LoadEffectiveAddressAsPtr();
        var stream = ((CudaStream)_accelerator.DefaultStream).StreamPtr;
        var algo = plan.Algorithm;
        // cuBLASLt's first operand is B's storage, its second A's (C^T = op(B)^T op(A)^T in column-major terms).
        Check(_api.Matmul(_handle, plan.Desc, &alpha, (void*)pb, plan.LayoutB, (void*)pa, plan.LayoutA, &beta, (void*)pc, plan.LayoutC,
            (void*)pc, plan.LayoutC, &algo, (void*)_workspace.NativePtr, (nuint)plan.WorkspaceBytes, stream), "cublasLtMatmul");
    }

    private IntPtr ToBf16(ArrayView<float> source, ref MemoryBuffer1D<ushort, Stride1D.Dense>? buffer)
    {
        if (buffer is null || buffer.Length < source.Length)
        {
            buffer?.Dispose();
            buffer = _accelerator.Allocate1D<ushort>(Math.Max(source.Length, 1));
        }
        _toBf16!((int)source.Length, source, buffer.View.SubView(0, source.Length));
        return buffer.NativePtr;
    }

    private Plan CreatePlan(bool transposeA, bool transposeB, int m, int n, int k)
    {
        int operandType = Precision == GemmPrecision.Bf16 ? DataR16BF : DataR32F;
        int compute = Precision == GemmPrecision.Tf32 ? ComputeType32FFastTf32 : ComputeType32F;
        IntPtr desc, layoutA, layoutB, layoutC, preference;
        Check(_api.MatmulDescCreate(&desc, compute, DataR32F), "cublasLtMatmulDescCreate");
        var map = ColumnMajorProduct.For(transposeA, transposeB, m, n, k);
        int opFirst = map.First.Transposed ? 1 : 0, opSecond = map.Second.Transposed ? 1 : 0;
        Check(_api.MatmulDescSetAttribute(desc, DescTransA, &opFirst, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSA)");
        Check(_api.MatmulDescSetAttribute(desc, DescTransB, &opSecond, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSB)");
        Check(_api.MatrixLayoutCreate(&layoutB, operandType, (ulong)map.First.Rows, (ulong)map.First.Cols, map.First.Ld), "cublasLtMatrixLayoutCreate(B)");
        Check(_api.MatrixLayoutCreate(&layoutA, operandType, (ulong)map.Second.Rows, (ulong)map.Second.Cols, map.Second.Ld), "cublasLtMatrixLayoutCreate(A)");
        Check(_api.MatrixLayoutCreate(&layoutC, DataR32F, (ulong)map.Output.Rows, (ulong)map.Output.Cols, map.Output.Ld), "cublasLtMatrixLayoutCreate(C)");
        Check(_api.PreferenceCreate(&preference), "cublasLtMatmulPreferenceCreate");
        try
        {
            ulong workspace = (ulong)WorkspaceBytes;
            uint noSplitK = 0; // CUBLASLT_REDUCTION_SCHEME_NONE only: deterministic, one summation order per element
            Check(_api.PreferenceSetAttribute(preference, PrefMaxWorkspaceBytes, &workspace, sizeof(ulong)), "cublasLtMatmulPreferenceSetAttribute(workspace)");
            Check(_api.PreferenceSetAttribute(preference, PrefReductionSchemeMask, &noSplitK, sizeof(uint)), "cublasLtMatmulPreferenceSetAttribute(reduction)");
            HeuristicResult result;
            int found;
            Check(_api.AlgoGetHeuristic(_handle, desc, layoutB, layoutA, layoutC, layoutC, preference, 1, &result, &found), "cublasLtMatmulAlgoGetHeuristic");
            if (found < 1)
                throw new InvalidOperationException($"cuBLASLt has no algorithm for a {m}x{k} by {k}x{n} {Precision} GEMM (transposes {transposeA}, {transposeB}).");
            return new Plan(desc, layoutA, layoutB, layoutC, result.Algo, (long)result.WorkspaceSize);
        }
        finally
        {
            _api.PreferenceDestroy(preference);
        }
    }

    private static void Check(int status, string call)
    {
        if (status != 0) throw new InvalidOperationException($"{call} failed with cublasStatus_t {status}.");
    }

    public void Dispose()
    {
        foreach (var plan in _plans.Values)
        {
            _api.MatrixLayoutDestroy(plan.LayoutA);
            _api.MatrixLayoutDestroy(plan.LayoutB);
            _api.MatrixLayoutDestroy(plan.LayoutC);
            _api.MatmulDescDestroy(plan.Desc);
        }
        _plans.Clear();
        _api.Destroy(_handle);
        _workspace.Dispose();
        _bf16A?.Dispose();
        _bf16B?.Dispose();
        NativeLibrary.Free(_library);
    }

    /// <summary>cublasLtMatmulAlgo_t: 8 opaque 64-bit words.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Algorithm
    {
        public fixed ulong Data[8];
    }

    /// <summary>cublasLtMatmulHeuristicResult_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct HeuristicResult
    {
        public Algorithm Algo;
        public nuint WorkspaceSize;
        public int State;
        public float WavesCount;
        public fixed int Reserved[4];
    }

    private sealed record Plan(IntPtr Desc, IntPtr LayoutA, IntPtr LayoutB, IntPtr LayoutC, Algorithm Algorithm, long WorkspaceBytes);

    /// <summary>The entry points, resolved once from the loaded library.</summary>
    private sealed class Api(IntPtr library)
    {
        public readonly delegate* unmanaged<IntPtr*, int> Create = (delegate* unmanaged<IntPtr*, int>)Export(library, "cublasLtCreate");
        public readonly delegate* unmanaged<IntPtr, int> Destroy = (delegate* unmanaged<IntPtr, int>)Export(library, "cublasLtDestroy");
        public readonly delegate* unmanaged<nuint> GetVersion = (delegate* unmanaged<nuint>)Export(library, "cublasLtGetVersion");
        public readonly delegate* unmanaged<IntPtr*, int, int, int> MatmulDescCreate =
            (delegate* unmanaged<IntPtr*, int, int, int>)Export(library, "cublasLtMatmulDescCreate");
        public readonly delegate* unmanaged<IntPtr, int, void*, nuint, int> MatmulDescSetAttribute =
            (delegate* unmanaged<IntPtr, int, void*, nuint, int>)Export(library, "cublasLtMatmulDescSetAttribute");
        public readonly delegate* unmanaged<IntPtr, int> MatmulDescDestroy = (delegate* unmanaged<IntPtr, int>)Export(library, "cublasLtMatmulDescDestroy");
        public readonly delegate* unmanaged<IntPtr*, int, ulong, ulong, long, int> MatrixLayoutCreate =
            (delegate* unmanaged<IntPtr*, int, ulong, ulong, long, int>)Export(library, "cublasLtMatrixLayoutCreate");
        public readonly delegate* unmanaged<IntPtr, int> MatrixLayoutDestroy = (delegate* unmanaged<IntPtr, int>)Export(library, "cublasLtMatrixLayoutDestroy");
        public readonly delegate* unmanaged<IntPtr*, int> PreferenceCreate = (delegate* unmanaged<IntPtr*, int>)Export(library, "cublasLtMatmulPreferenceCreate");
        public readonly delegate* unmanaged<IntPtr, int, void*, nuint, int> PreferenceSetAttribute =
            (delegate* unmanaged<IntPtr, int, void*, nuint, int>)Export(library, "cublasLtMatmulPreferenceSetAttribute");
        public readonly delegate* unmanaged<IntPtr, int> PreferenceDestroy = (delegate* unmanaged<IntPtr, int>)Export(library, "cublasLtMatmulPreferenceDestroy");
        public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, HeuristicResult*, int*, int> AlgoGetHeuristic =
            (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, HeuristicResult*, int*, int>)Export(library, "cublasLtMatmulAlgoGetHeuristic");
        public readonly delegate* unmanaged<IntPtr, IntPtr, void*, void*, IntPtr, void*, IntPtr, void*, void*, IntPtr, void*, IntPtr, Algorithm*, void*, nuint, IntPtr, int> Matmul =
            (delegate* unmanaged<IntPtr, IntPtr, void*, void*, IntPtr, void*, IntPtr, void*, void*, IntPtr, void*, IntPtr, Algorithm*, void*, nuint, IntPtr, int>)
            Export(library, "cublasLtMatmul");

        private static void* Export(IntPtr library, string name) => (void*)NativeLibrary.GetExport(library, name);
    }
}
