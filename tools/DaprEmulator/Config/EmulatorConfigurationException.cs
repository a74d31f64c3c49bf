namespace DaprSupport.DaprEmulator.Config;

/// <summary>A run file or resource the emulator cannot use; the message names the file and the problem.</summary>
public sealed class EmulatorConfigurationException : Exception
{
    public EmulatorConfigurationException(string message)
        : base(message)
    {
    }

    public EmulatorConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public EmulatorConfigurationException()
    {
    }
}
