namespace OpenMcf.Cli.Output;

internal enum OutputFormat
{
    Text,
    Json,
    Yaml,
}
