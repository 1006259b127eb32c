using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AmazonVitals.Client.Errors;

namespace AmazonVitals.Client.History;

/// <summary>The file operations the history store relies on, and what their failures mean to a user.</summary>
internal static class HistoryFiles
{
    /// <summary>
    /// Moves a finished file over its target in one rename: a reader sees the old file or the new
    /// one, never a part of either, and a process killed here leaves one of the two whole.
    /// </summary>
    public static void Replace(string staged, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
#if NET8_0_OR_GREATER
        File.Move(staged, target, overwrite: true);
#else
        if (File.Exists(target))
            File.Replace(staged, target, null);
        else
            File.Move(staged, target);
#endif
    }

    /// <summary>
    /// Runs a file operation and turns what the operating system says into an error that names the
    /// path and the way out. A full or read-only disk is the user's to fix, not a bug of ours.
    /// </summary>
    public static T Guard<T>(string path, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new VitalsException(Messages.HistoryAccessDenied(path, e.Message), VitalsErrorKind.StorageDenied, "HistoryAccessDenied", inner: e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new VitalsException(Messages.HistoryWriteFailed(path, e.Message), VitalsErrorKind.StorageFailed, "HistoryWriteFailed", inner: e);
        }
    }

    public static void Guard(string path, Action operation) => Guard(path, () => { operation(); return 0; });
}

/// <summary>
/// One sync at a time per folder. The lock is an open file handle held exclusively, which the
/// operating system drops when the process ends, however it ends: a killed sync never leaves a
/// lock behind. Who holds it is written next to it, for the error the next sync shows.
/// </summary>
internal sealed class HistoryLock : IDisposable
{
    private readonly FileStream _handle;
    private readonly string _ownerFile;

    private HistoryLock(FileStream handle, string ownerFile)
    {
        _handle = handle;
        _ownerFile = ownerFile;
    }

    public static HistoryLock Acquire(HistoryLayout layout)
    {
        Directory.CreateDirectory(layout.Root);
        FileStream handle;
        try
        {
            handle = new FileStream(layout.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(layout.Lock) && e is not PathTooLongException)
        {
            throw new VitalsException(Messages.HistoryBusy(layout.Root, ReadOwner(layout)), VitalsErrorKind.Busy, "HistoryFolderBusy", inner: e);
        }
        var owner = new StringBuilder()
            .Append("{\"processId\":").Append(CurrentProcessId().ToString(CultureInfo.InvariantCulture))
            .Append(",\"machine\":").Append(JsonSerializer.Serialize(Environment.MachineName))
            .Append(",\"since\":\"").Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\"}")
            .ToString();
        File.WriteAllText(layout.LockOwner, owner);
        return new HistoryLock(handle, layout.LockOwner);
    }

#if NET8_0_OR_GREATER
    private static int CurrentProcessId() => Environment.ProcessId;
#else
    private static int CurrentProcessId()
    {
        using var self = Process.GetCurrentProcess();
        return self.Id;
    }
#endif

    /// <summary>"process 1234 on HOST since …", or a plain "another process" when the owner file is unreadable.</summary>
    private static string ReadOwner(HistoryLayout layout)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(layout.LockOwner));
            var root = doc.RootElement;
            return Messages.HistoryLockOwner(root.GetProperty("processId").GetInt32(), root.GetProperty("machine").GetString(), root.GetProperty("since").GetString());
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return Messages.HistoryLockOwnerUnknown();
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
        }
        catch (IOException e)
        {
            // The owner file only explains a lock; a stale one is overwritten by the next sync.
            Debug.WriteLine(e.Message);
        }
        _handle.Dispose();
    }
}
