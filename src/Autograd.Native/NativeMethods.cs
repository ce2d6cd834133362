using System.Runtime.InteropServices;

namespace Autograd.Native;

/// <summary>
/// The <c>[LibraryImport]</c> mirror of <c>autograd_native.h</c>: one declaration per C entry point,
/// nothing else. Callers turn statuses into exceptions with <see cref="NativeStatus.Check"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string LibraryName = "autograd_native";

    /// <summary>The ABI version these declarations mirror (AGN_ABI_VERSION).</summary>
    internal const int AbiVersion = 1;

    static NativeMethods() => NativeLibraryResolver.Register();

    [LibraryImport(LibraryName)]
    internal static partial int agn_abi_version();

    [LibraryImport(LibraryName)]
    internal static partial int agn_simd_supported();

    [LibraryImport(LibraryName)]
    internal static partial int agn_simd_level();

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_set_simd_level(int level);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_set_num_threads(int n);

    [LibraryImport(LibraryName)]
    internal static partial int agn_get_num_threads();

    /// <summary>Sets this thread's flush-to-zero / denormals-are-zero bits; 1 if the CPU supports them.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int agn_set_flush_denormal(int on);

    /// <summary>Advises the whole 2 MB pages inside a buffer for transparent huge pages (Note [Huge pages]).</summary>
    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_advise_huge_pages(void* data, long bytes, long* advised);

    /// <summary>The static English text of a status (never null; do not free).</summary>
    [LibraryImport(LibraryName)]
    internal static partial byte* agn_status_string(int status);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_binary(int op, AgnTensor* a, AgnTensor* b, AgnTensor* output);

    /// <summary>Elements at or below which a call is provably tiny (microseconds, single-threaded: the
    /// native pool only engages far above this), so the GC transition may be skipped.</summary>
    internal const long TinyElements = 1024;

    /// <summary><see cref="agn_binary"/> without the GC transition: only for outputs of at most
    /// <see cref="TinyElements"/> elements, where the transition is a large share of the call.</summary>
    [LibraryImport(LibraryName, EntryPoint = "agn_binary")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvSuppressGCTransition)])]
    internal static partial AgnStatus agn_binary_tiny(int op, AgnTensor* a, AgnTensor* b, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_add_scaled(AgnTensor* a, AgnTensor* b, double alpha, AgnTensor* output);

    /// <summary><see cref="agn_add_scaled"/> without the GC transition (see <see cref="TinyElements"/>).</summary>
    [LibraryImport(LibraryName, EntryPoint = "agn_add_scaled")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvSuppressGCTransition)])]
    internal static partial AgnStatus agn_add_scaled_tiny(AgnTensor* a, AgnTensor* b, double alpha, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_unary(int op, AgnTensor* x, AgnTensor* output, double p0, double p1);

    /// <summary><see cref="agn_unary"/> without the GC transition (see <see cref="TinyElements"/>).</summary>
    [LibraryImport(LibraryName, EntryPoint = "agn_unary")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvSuppressGCTransition)])]
    internal static partial AgnStatus agn_unary_tiny(int op, AgnTensor* x, AgnTensor* output, double p0, double p1);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_copy(AgnTensor* src, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_where(AgnTensor* cond, AgnTensor* a, AgnTensor* b, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_reduce(int op, AgnTensor* x, AgnTensor* output, AgnTensor* indices);

    /// <summary><see cref="agn_reduce"/> without the GC transition: only for inputs of at most
    /// <see cref="TinyElements"/> elements (every loss of a small model ends in one).</summary>
    [LibraryImport(LibraryName, EntryPoint = "agn_reduce")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvSuppressGCTransition)])]
    internal static partial AgnStatus agn_reduce_tiny(int op, AgnTensor* x, AgnTensor* output, AgnTensor* indices);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_matmul(AgnTensor* a, AgnTensor* b, AgnTensor* output, int accumulate);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_index_select(AgnTensor* x, int dim, AgnTensor* index, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_index_add(AgnTensor* output, int dim, AgnTensor* index, AgnTensor* src);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_gather(AgnTensor* x, int dim, AgnTensor* index, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_scatter_add(AgnTensor* output, int dim, AgnTensor* index, AgnTensor* src);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_softmax(AgnTensor* x, int dim, int log, AgnTensor* output);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_softmax_backward(AgnTensor* gradOut, AgnTensor* y, int dim, int log, AgnTensor* gradIn);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_adam(AgnTensor* param, AgnTensor* grad, AgnTensor* expAvg, AgnTensor* expAvgSq,
                                               AgnTensor* maxExpAvgSq, AgnAdamHyper* hyper);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_conv2d(AgnTensor* input, AgnTensor* weight, AgnTensor* bias, AgnTensor* output,
                                                 AgnConv2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_conv2d_backward_input(AgnTensor* gradOut, AgnTensor* weight, AgnTensor* gradInput,
                                                                AgnConv2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_conv2d_backward_weight(AgnTensor* gradOut, AgnTensor* input, AgnTensor* gradWeight,
                                                                 AgnConv2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_max_pool2d(AgnTensor* input, AgnTensor* output, AgnTensor* indices, AgnPool2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_avg_pool2d(AgnTensor* input, AgnTensor* output, AgnPool2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_avg_pool2d_backward(AgnTensor* gradOut, AgnTensor* gradInput, AgnPool2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_im2col(AgnTensor* input, AgnTensor* cols, long kernelH, long kernelW, AgnConv2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_col2im(AgnTensor* cols, AgnTensor* output, long kernelH, long kernelW, AgnConv2dParams* p);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_layer_norm(AgnTensor* x, AgnTensor* weight, AgnTensor* bias, AgnTensor* y, AgnTensor* mean,
                                                     AgnTensor* rstd, long n, double eps);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_layer_norm_backward(AgnTensor* gradOut, AgnTensor* x, AgnTensor* mean, AgnTensor* rstd,
                                                              AgnTensor* weight, AgnTensor* gradInput, AgnTensor* gradWeight,
                                                              AgnTensor* gradBias, long n);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_rms_norm(AgnTensor* x, AgnTensor* weight, AgnTensor* y, AgnTensor* rstd, long n, double eps);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_rms_norm_backward(AgnTensor* gradOut, AgnTensor* x, AgnTensor* rstd, AgnTensor* weight,
                                                            AgnTensor* gradInput, AgnTensor* gradWeight, long n);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_linalg_lu(double* a, long batch, long n, long* pivots, long* info);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_linalg_lu_solve(double* lu, long* pivots, double* rhs, long batch, long n, long k);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_linalg_cholesky(double* a, long batch, long n, long* info);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_linalg_qr(double* a, double* q, double* r, long batch, long m, long n, int complete);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_linalg_eigh(double* a, double* w, double* v, long batch, long n);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_linalg_svd(double* a, double* u, double* s, double* vh, long batch, long m, long n, int full);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_scan(int op, AgnTensor* x, int dim, AgnTensor* output, AgnTensor* indices);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_sort(AgnTensor* x, int dim, int descending, AgnTensor* values, AgnTensor* indices);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_topk(AgnTensor* x, int dim, int largest, int sorted, AgnTensor* indices);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_sort_unstable(AgnTensor* x, int dim, AgnTensor* indices);

    [LibraryImport(LibraryName)]
    internal static partial AgnStatus agn_scatter_reduce(AgnTensor* output, int dim, AgnTensor* index, AgnTensor* src, int reduce);
}
