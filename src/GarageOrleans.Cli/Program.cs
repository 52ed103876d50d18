using GarageOrleans.Cli;

// garage-orleans: the admin CLI. All logic lives in CliApp so tests can run it in-process.
return await CliApp.RunAsync(args, CliConsole.System);
