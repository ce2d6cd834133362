// Test classes run one at a time. TorchSharp 0.107 often turns a number into a Scalar inside its own
// methods (`x * 2.0`, `add(y, alpha)`, `leaky_relu`, `square`, ...) and keeps no reference to it
// during the native call, so a GC started by another test thread can finalize the Scalar while
// LibTorch still reads it (CI once failed with "Unknown scalar type"). With one test thread, no other
// test allocates while such a call runs, so a GC rarely starts inside that window. The
// linalg.vector_norm oracles avoid those methods altogether (OpTable.Reduction.cs). Costs ~1 s a run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
