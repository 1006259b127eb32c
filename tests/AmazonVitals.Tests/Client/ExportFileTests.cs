using System;
using System.IO;
using AmazonVitals.Client.Export;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>Export-VitalsData's temporary name and final rename, on real files in a folder of their own.</summary>
public sealed class ExportFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "export-file-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Partial(string content)
    {
        var partial = ExportFile.PartialName(Path.Combine(_folder, "crash.csv"));
        File.WriteAllText(partial, content);
        return partial;
    }

    [Fact]
    public void The_partial_name_is_new_each_time_and_in_the_target_folder()
    {
        var target = Path.Combine(_folder, "crash.csv");
        var first = ExportFile.PartialName(target);
        Assert.NotEqual(first, ExportFile.PartialName(target));
        Assert.Equal(_folder, Path.GetDirectoryName(first));
        Assert.StartsWith(target + ".", first, StringComparison.Ordinal);
        Assert.EndsWith(".partial", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Commit_renames_the_partial_file_to_a_free_name_or_over_a_file_without_NoClobber(bool noClobber, bool targetExists)
    {
        var target = Path.Combine(_folder, "crash.csv");
        if (targetExists)
            File.WriteAllText(target, "old");
        var partial = Partial("new");
        ExportFile.Commit(partial, target, noClobber);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public void Commit_with_NoClobber_refuses_an_existing_file_and_keeps_both()
    {
        var target = Path.Combine(_folder, "crash.csv");
        File.WriteAllText(target, "old");
        var partial = Partial("new");
        Assert.ThrowsAny<IOException>(() => ExportFile.Commit(partial, target, noClobber: true));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal("new", File.ReadAllText(partial));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Commit_fails_on_a_folder_at_the_target_and_keeps_the_partial_file(bool noClobber)
    {
        var target = Directory.CreateDirectory(Path.Combine(_folder, "crash.csv")).FullName;
        var partial = Partial("rows");
        var error = Record.Exception(() => ExportFile.Commit(partial, target, noClobber));
        Assert.True(error is IOException or UnauthorizedAccessException, error?.ToString());
        Assert.True(Directory.Exists(target));
        Assert.Equal("rows", File.ReadAllText(partial));
    }
}
