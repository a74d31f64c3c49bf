namespace DaprSupport.Configuration.Documents;

/// <summary>One invalid field of a configuration document: its JSON pointer (RFC 6901) and what is wrong.</summary>
public sealed record ConfigError(string Pointer, string Message);
