using Oracle.Cli;

// ./oracle runs this for the .NET commands (devnet, relayer, sources).
return await Commands.RunAsync(args);
