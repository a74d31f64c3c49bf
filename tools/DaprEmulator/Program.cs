using DaprSupport.DaprEmulator.Cli;

return await EmulatorCli.RunAsync(args);
