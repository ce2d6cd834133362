// Shape overloads of the creation functions, spelled as TorchSharp spells them (long/int sizes for 1-4
// dims, spans). Each forwards to the long[] form in Factories.cs / Random.cs.
namespace Autograd;

public static partial class torch
{
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        zeros([size], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        zeros([rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        zeros([dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        zeros([dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        zeros([size], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        zeros([rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        zeros([dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        zeros([dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        zeros(size.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        ones([size], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        ones([rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        ones([dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        ones([dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        ones([size], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        ones([rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        ones([dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        ones([dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor of ones with the given sizes.</summary>
    public static Tensor ones(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        ones(size.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        empty([size], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        empty([rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        empty([dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        empty([dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        empty([size], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        empty([rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        empty([dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, string[]? names = null) =>
        empty([dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor of uninitialised elements with the given sizes.</summary>
    public static Tensor empty(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null) =>
        empty(size.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(long size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        full([size], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(long rows, long columns, Scalar value, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        full([rows, columns], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(long dim0, long dim1, long dim2, Scalar value, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        full([dim0, dim1, dim2], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(long dim0, long dim1, long dim2, long dim3, Scalar value, ScalarType? dtype = null,
                              Device? device = null, bool requires_grad = false, string[]? names = null) =>
        full([dim0, dim1, dim2, dim3], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(int size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        full([size], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(int rows, int columns, Scalar value, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        full([rows, columns], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(int dim0, int dim1, int dim2, Scalar value, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        full([dim0, dim1, dim2], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(int dim0, int dim1, int dim2, int dim3, Scalar value, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        full([dim0, dim1, dim2, dim3], value, dtype, device, requires_grad, names);
    /// <summary>A tensor filled with <paramref name="value"/> with the given sizes.</summary>
    public static Tensor full(ReadOnlySpan<long> size, Scalar value, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, string[]? names = null) =>
        full(size.ToArray(), value, dtype, device, requires_grad, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              Generator? generator = null, string[]? names = null) =>
        rand([size], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              Generator? generator = null, string[]? names = null) =>
        rand([rows, columns], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        rand([dim0, dim1, dim2], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        rand([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              Generator? generator = null, string[]? names = null) =>
        rand([size], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              Generator? generator = null, string[]? names = null) =>
        rand([rows, columns], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        rand([dim0, dim1, dim2], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null,
                              bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        rand([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator, names);
    /// <summary>Uniform samples from [0, 1) with the given sizes.</summary>
    public static Tensor rand(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              Generator? generator = null, string[]? names = null) =>
        rand(size.ToArray(), dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               Generator? generator = null, string[]? names = null) =>
        randn([size], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               Generator? generator = null, string[]? names = null) =>
        randn([rows, columns], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        randn([dim0, dim1, dim2], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        randn([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               Generator? generator = null, string[]? names = null) =>
        randn([size], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               Generator? generator = null, string[]? names = null) =>
        randn([rows, columns], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        randn([dim0, dim1, dim2], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null,
                               bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
        randn([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator, names);
    /// <summary>Standard normal samples with the given sizes.</summary>
    public static Tensor randn(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               Generator? generator = null, string[]? names = null) =>
        randn(size.ToArray(), dtype, device, requires_grad, generator, names);
}
