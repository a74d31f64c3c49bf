namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>A file of the repository: its path relative to the root (with '/') and its text.</summary>
public sealed record SourceFile(string Path, string Text);
