using SaePlatform.Host.Engine;
using SaePlatform.Host.Tests.Support;
using static SaePlatform.Host.Tests.Support.InProcessRuns;

namespace SaePlatform.Host.Tests.Engine;

/// <summary>
/// Where the CUDA libraries are found, and what <c>training.device: cuda</c> and <c>auto</c> do on a machine without a GPU
/// (these tests' machines): cuda is refused before anything is written, naming what is missing; auto trains on the CPU.
/// </summary>
public sealed class CudaDeviceTests
{
    [Fact]
    public void Search_FindsEachLibraryInTheFirstFolderThatHasIt()
    {
        var dir = Repository.NewTempDirectory();
        string first = Folder(dir, "first", CudaLibraries.Driver), second = Folder(dir, "second", CudaLibraries.Driver, "libcublasLt.so.11", "libcublasLt.so.12");
        // A PyTorch user's virtual environment: cuBLASLt 13 from an nvidia wheel, found after the folders named first.
        string wheel = Folder(dir, Path.Combine("venv", "lib", "python3.11", "site-packages", "nvidia", "cublas", "lib"), "libcublasLt.so.13");
        var environment = new Dictionary<string, string>
        {
            ["SAE_CUDA_LIB_DIR"] = first + Path.PathSeparator + second,
            ["VIRTUAL_ENV"] = Path.Combine(dir, "venv"),
        };

        var probe = CudaLibraries.Search(environment);

        Assert.True(probe.Complete);
        Assert.Equal(Path.Combine(first, CudaLibraries.Driver), probe.DriverPath);
        Assert.Equal(Path.Combine(second, "libcublasLt.so.12"), probe.CublasLtPath); // SAE_CUDA_LIB_DIR over the wheel; newest within it
        Assert.Equal([first, second, wheel], probe.Searched);
        Assert.StartsWith("found ", probe.Describe(), StringComparison.Ordinal);

        // Without the explicit folders the wheel's library is found.
        environment.Remove("SAE_CUDA_LIB_DIR");
        Assert.Equal(Path.Combine(wheel, "libcublasLt.so.13"), CudaLibraries.Search(environment).CublasLtPath);
    }

    [Fact]
    public void Search_NothingThere_NamesBothLibrariesAndTheFoldersSearched()
    {
        var dir = Repository.NewTempDirectory();
        string home = Path.Combine(dir, "cuda");
        var probe = CudaLibraries.Search(new Dictionary<string, string> { ["CUDA_HOME"] = home, ["LD_LIBRARY_PATH"] = Path.Combine(dir, "ld") });

        Assert.False(probe.Complete);
        Assert.Equal([Path.Combine(dir, "ld"), Path.Combine(home, "lib64"), Path.Combine(home, "lib")], probe.Searched);
        string text = probe.Describe();
        Assert.Contains("missing libcuda.so.1", text, StringComparison.Ordinal);
        Assert.Contains("libcublasLt.so.12", text, StringComparison.Ordinal);
        Assert.Contains("(3 folders)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingDevice_Cuda_IsRefusedBeforeAnythingIsWritten_AndAutoTrainsOnTheCpu()
    {
        var dir = Repository.NewTempDirectory();
        var (cuda, cudaPlan) = Build(Path.Combine(dir, "cuda"), ["training.device=cuda"]);
        Assert.Equal(ExitCodes.UsageOrConfigError, cuda.Run(cudaPlan, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(dir, "cuda")));

        var (auto, autoPlan) = Build(Path.Combine(dir, "auto"), ["training.device=auto"]);
        Assert.Equal(ExitCodes.Success, auto.Run(autoPlan, CancellationToken.None));
        var (cpu, cpuPlan) = Build(Path.Combine(dir, "cpu"), ["training.device=cpu"]);
        Assert.Equal(ExitCodes.Success, cpu.Run(cpuPlan, CancellationToken.None));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "cpu", "quickstart", "synthetic", "sae_weights.safetensors")),
            File.ReadAllBytes(Path.Combine(dir, "auto", "quickstart", "synthetic", "sae_weights.safetensors")));
    }

    // A folder under root holding empty files with the given names.
    private static string Folder(string root, string name, params string[] files)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        foreach (var file in files) File.WriteAllBytes(Path.Combine(folder, file), []);
        return folder;
    }
}
