// One server process at a time: the machine has few cores, and the memory check must not see another test's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
