namespace DaprSupport.LoadGen;

public sealed record CommonOptions(Uri Url, string Tenant, string ApiKey, TimeSpan Duration, FileInfo? Plot, FileInfo? Markdown);

public sealed record ChatOptions(int Pairs, int Agents, double Rate, bool Verbose = false, double StartRate = 50, int AssignSeconds = 60);
