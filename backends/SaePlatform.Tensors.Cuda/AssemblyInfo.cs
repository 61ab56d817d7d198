using System.Runtime.CompilerServices;

// ILGPU compiles kernels into a dynamic assembly named ILGPURuntime; it must see the kernels' internal argument types.
[assembly: InternalsVisibleTo("ILGPURuntime")]
