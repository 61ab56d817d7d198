namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Writes a text file through a temporary sibling and a rename, so readers never see half a file.</summary>
internal static class OutputFile
{
    public static void WriteText(string path, string text)
    {
        string temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
