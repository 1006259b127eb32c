using System;
using System.Collections.Generic;
using AmazonVitals.Client.Model;
using AmazonVitals.Output;

namespace AmazonVitals;

/// <summary>
/// For tests only: what the Pester tests need of the module's row classes that no cmdlet shows, so
/// they reach it through a public, documented surface rather than by reflection over internals.
/// Not for scripts: no cmdlet or help page mentions it, and it may change or go with any release,
/// together with the tests that use it (tests/pester/Rows.Tests.ps1; docs/architecture.md).
/// </summary>
public static class TestHooks
{
    /// <summary>
    /// Whether Invoke-VitalsQuery writes rows as objects of a class made per set of columns (true,
    /// the default) or as PSObjects, the fallback where no class can be made (Windows PowerShell
    /// 5.1 without the Emit facade). Process-wide: a test that turns it off turns it back on.
    /// </summary>
    public static bool TypedRows
    {
        get => !RowTypes.Disabled;
        set => RowTypes.Disabled = !value;
    }

    /// <summary>Row classes made so far in this process.</summary>
    public static int RowClassesMade => RowTypes.Made;

    /// <summary>Row classes kept now (at most 64, the most recently used).</summary>
    public static int RowClassesHeld => RowTypes.Held;

    /// <summary>
    /// The factory of rows with these columns, as the query path gets it: made once per list of
    /// columns, then reused. <paramref name="kinds"/> are Text, Count, Rate or Time (the row's UTC
    /// start), one per name. The delegate takes (startTime, text[], counts[], rates[], present[]),
    /// each array indexed by column, and returns a <see cref="MetricRow"/>; this throws when no
    /// class can be made here.
    /// </summary>
    public static Delegate RowFactory(string[] names, string[] kinds)
    {
        if (names is null || kinds is null || names.Length != kinds.Length)
            throw new ArgumentException("One kind per name.", nameof(kinds));
        var columns = new List<RowColumn>(kinds.Length);
        for (var i = 0; i < kinds.Length; i++)
        {
            var kind = (ColumnKind)Enum.Parse(typeof(ColumnKind), kinds[i], ignoreCase: false);
            columns.Add(kind == ColumnKind.Time ? RowColumn.FixedTime(names[i]) : RowColumn.Data(names[i], kind, i));
        }
        return RowTypes.For(columns, out var whyNot) ?? throw new InvalidOperationException("No row class: " + whyNot);
    }
}
