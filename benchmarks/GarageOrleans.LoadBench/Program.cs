using GarageOrleans.LoadBench;

// Load generator (DESIGN: measured against a reference in the same run). See BenchOptions.Usage.
return await BenchProgram.RunAsync(args);
