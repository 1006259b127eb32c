using System;
using System.Collections.Generic;
using AmazonVitals.Client.Errors;

namespace AmazonVitals.Client.Model;

/// <summary>
/// Checks of single values that need no server, shared by every request that takes them, so a
/// bad name or date fails the same way whichever cmdlet it was given to, before anything is sent.
/// </summary>
public static class InputChecks
{
    /// <summary>The earliest instant any query may name: the API keeps 30 days, so older is a typo.</summary>
    public static readonly DateTime EarliestTime = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    /// <summary>The latest instant any query may name.</summary>
    public static readonly DateTime LatestTime = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Characters that would change the URI's path or query if they reached it: a package or set
    // name is one path segment, and escaping them would only make the server answer 404 or worse.
    private static readonly char[] s_pathBreakers = { '/', '\\', '?', '#', '%' };

    /// <summary>
    /// A package or metric-set name: one URI path segment. Empty, blank, '.', '..', padded with
    /// spaces, holding a control character or any of / \ ? # % is refused.
    /// </summary>
    public static void CheckPathName(string? value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new VitalsValidationException("EmptyName", parameter, value, Messages.EmptyName(parameter));
        var reason = value!.Trim() != value ? Messages.NameIsPadded()
            : value is "." or ".." ? Messages.NameIsDotSegment()
            : value.IndexOfAny(s_pathBreakers) >= 0 ? Messages.NameHasPathCharacter(new string(s_pathBreakers))
            : HasControl(value) ? Messages.NameHasControlCharacter()
            : null;
        if (reason is not null)
            throw new VitalsValidationException("InvalidName", parameter, value, Messages.InvalidName(parameter, value, reason));
    }

    /// <summary>A time given by the user, already in UTC: between 2000 and 2100, or refused.</summary>
    public static void CheckTime(DateTime? utc, string parameter)
    {
        if (utc is { } t && (t < EarliestTime || t > LatestTime))
            throw new VitalsValidationException("TimeOutOfRange", parameter, t, Messages.TimeOutOfRange(parameter, t, EarliestTime, LatestTime));
    }

    /// <summary>
    /// Column names of one row: PowerShell property names ignore case, so two names that differ
    /// only in case, or a name equal to a fixed column, would collide on the object.
    /// </summary>
    public static void CheckColumns(IReadOnlyList<string> fixedColumns, IReadOnlyList<string> names, string parameter, IReadOnlyList<string> dimensions)
    {
        var seen = new HashSet<string>(fixedColumns, StringComparer.OrdinalIgnoreCase);
        foreach (var name in dimensions)
        {
            if (!seen.Add(name))
                throw Collision("-Dimension", name, fixedColumns);
        }
        foreach (var name in names)
        {
            if (!seen.Add(name))
                throw Collision(parameter, name, fixedColumns);
        }
    }

    private static VitalsValidationException Collision(string parameter, string name, IReadOnlyList<string> fixedColumns)
    {
        var isFixed = false;
        foreach (var column in fixedColumns)
            isFixed |= string.Equals(column, name, StringComparison.OrdinalIgnoreCase);
        return new VitalsValidationException("DuplicateColumn", parameter, name,
            isFixed ? Messages.NameIsFixedColumn(parameter, name, string.Join(", ", fixedColumns)) : Messages.DuplicateName(parameter, name));
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
                return true;
        }
        return false;
    }
}
