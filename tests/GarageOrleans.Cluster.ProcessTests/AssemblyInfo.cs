// Server processes are heavy on a small machine, and a kill -9 measurement must not see another test's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
