// Autograd's tensor type is nested in torch, as TorchSharp's is; the tests use its short name.
global using Tensor = Autograd.torch.Tensor;
