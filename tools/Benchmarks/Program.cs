using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(DaprSupport.Benchmarks.SessionMatcherBenchmarks).Assembly).Run(args);
