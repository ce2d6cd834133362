// The tensor type is nested in `torch` (Autograd.torch.Tensor), as TorchSharp nests it, so code that
// spells `torch.Tensor` compiles after swapping the using directive. Inside the library it keeps its
// short name.
global using Tensor = Autograd.torch.Tensor;
