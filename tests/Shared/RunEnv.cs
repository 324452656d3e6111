using System;
using System.IO;
using System.Linq;

/// <summary>Reads the live servers' settings from <c>.run/env</c> (written by scripts/server-start.sh), shared by
/// the C# test consoles.</summary>
internal static class RunEnv
{
    /// <summary>The value of <paramref name="key"/> in the repository's <c>.run/env</c>.</summary>
    /// <exception cref="InvalidOperationException">The file or the key is missing.</exception>
    public static string Read(string key)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PgRest.sln")))
        {
            dir = dir.Parent;
        }

        var file = dir is null ? null : Path.Combine(dir.FullName, ".run", "env");
        var line = file is not null && File.Exists(file)
            ? File.ReadAllLines(file).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))
            : null;
        return line?[(key.Length + 1)..] ?? throw new InvalidOperationException(
            $"{key} is not set: start the servers with scripts/server-start.sh.");
    }
}
