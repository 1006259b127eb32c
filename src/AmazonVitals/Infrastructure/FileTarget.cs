using System;
using System.IO;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Export;
using Microsoft.PowerShell.Commands;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The rules every cmdlet that writes a file keeps (Export-VitalsData, Export-VitalsReport): a
/// -Path where no file can be written is refused before any request, and the finished file takes
/// its name in one rename, so readers see the old file or the whole new one, never a part.
/// </summary>
internal static class FileTarget
{
    /// <summary>
    /// The written file as Get-Item gives it: a FileInfo with the provider's notes (PSParentPath
    /// and the rest), so it displays as Get-Item's does, under a "Directory:" header.
    /// </summary>
    public static object Item(PSCmdlet cmdlet, string target)
    {
        try
        {
            var items = cmdlet.InvokeProvider.Item.Get(new[] { target }, force: true, literalPath: true);
            if (items.Count == 1)
                return items[0];
        }
        catch (Exception e) when (e is ProviderNotFoundException or ItemNotFoundException or ProviderInvocationException or IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable already: the plain FileInfo still names it.
        }
        return new FileInfo(target);
    }

    /// <summary>
    /// The file-system path of a history folder (-Path, -HistoryPath); a path on another provider
    /// ends the command, since Variable:\x would otherwise become a folder named x here.
    /// </summary>
    public static string ResolveFolder(PSCmdlet cmdlet, string path, string parameter)
    {
        var target = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (provider.ImplementingType != typeof(FileSystemProvider))
            cmdlet.ThrowTerminatingError(ErrorRecords.Create("HistoryPathNotFileSystem", ErrorCategory.InvalidArgument, path, Messages.HistoryPathNotFileSystem(parameter, path, provider.Name)));
        return target;
    }

    /// <summary>
    /// The file-system path of <paramref name="path"/>; a path that is refused ends the command: not on
    /// the file system (Variable:\x would otherwise become a file named x in the current folder),
    /// a folder, a folder that does not exist, or an existing file under -NoClobber (checked early
    /// to spare the requests; the rename checks again, for a file that appears meanwhile).
    /// </summary>
    public static string Resolve(PSCmdlet cmdlet, string path, bool noClobber)
    {
        var target = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        var folder = Path.GetDirectoryName(target);
        var refusal =
            provider.ImplementingType != typeof(FileSystemProvider) ? ErrorRecords.Create("ExportPathNotFileSystem", ErrorCategory.InvalidArgument, path, Messages.ExportPathNotFileSystem(path, provider.Name))
            : Directory.Exists(target) ? ErrorRecords.Create("ExportPathIsFolder", ErrorCategory.InvalidArgument, target, Messages.ExportPathIsFolder(target))
            : !string.IsNullOrEmpty(folder) && !Directory.Exists(folder) ? ErrorRecords.Create("ExportFolderNotFound", ErrorCategory.ObjectNotFound, target, Messages.ExportFolderNotFound(folder!, target))
            : noClobber && File.Exists(target) ? ErrorRecords.Create("FileExists", ErrorCategory.ResourceExists, target, Messages.FileExists(target))
            : null;
        if (refusal is not null)
            cmdlet.ThrowTerminatingError(refusal);
        return target;
    }

    /// <summary>
    /// Renames the finished <paramref name="partial"/> to <paramref name="target"/>; null when done.
    /// When the rename fails the finished file stays under its temporary name, named in the error,
    /// because it cost requests and time and the user can rename it.
    /// </summary>
    public static ErrorRecord? Commit(string partial, string target, bool noClobber)
    {
        try
        {
            ExportFile.Commit(partial, target, noClobber);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something at -Path after a refused no-overwrite rename: -NoClobber did its job.
            if (noClobber && (File.Exists(target) || Directory.Exists(target)))
                return ErrorRecords.FileFailure("ExportRenameRefused", ErrorCategory.ResourceExists, target, Messages.ExportRenameRefused(target, partial), e);
            var category = e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError;
            return ErrorRecords.FileFailure("ExportRenameFailed", category, target, Messages.ExportRenameFailed(target, partial, e.Message), e);
        }
    }
}
