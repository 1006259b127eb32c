using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using AmazonVitals.Client;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Output;

/// <summary>
/// The table view of each set of columns, added to the session's format data at run time: the
/// manifest's one view cannot know a query's dimensions, so it would show them as one text column.
/// A set of columns has a type name of its own (<see cref="RowTypes.TypeNameOf"/>), first in its
/// rows' PSTypeNames, and its view is added once per runspace, before its first row is written,
/// and again only when a later query's values need wider columns. Where the session takes no
/// format data (a shared format table, updates turned off, a runspace without an
/// InitialSessionState), nothing is added and rows keep the manifest's AmazonVitals.MetricRow view,
/// the next name in their PSTypeNames.
/// </summary>
internal static class RowViews
{
    // Per runspace: InitialSessionState.Formats is the list Update-FormatData rebuilds the session's
    // format data from, so an entry there outlives the next Update-FormatData or Import-Module.
    private static readonly ConditionalWeakTable<InitialSessionState, Registry> s_registries = new();

    /// <summary>
    /// Registers the view of a shaper's rows from the first rows (Invoke-VitalsQuery and
    /// Get-VitalsHistory write the same rows, so they show them the same way), and says with
    /// -Verbose when there is none or what it leaves out.
    /// </summary>
    public static void ShowFor(PSCmdlet cmdlet, MetricRowShaper shaper, IReadOnlyList<object> sample)
    {
        var layout = Show(cmdlet, shaper.ViewTypeName, shaper.Columns, sample, out var whyNot);
        if (whyNot is not null)
            cmdlet.WriteVerbose(Messages.NoRowView(whyNot));
        if (layout is { Hidden: > 0 })
            cmdlet.WriteVerbose(Messages.RowViewHides(layout.Hidden));
    }

    /// <summary>
    /// Makes sure the session shows rows of <paramref name="typeName"/> with a view that fits
    /// <paramref name="sample"/>, the first rows of a query (typed rows or PSObjects alike); the
    /// layout it shows, or null where the session takes no view (<paramref name="whyNot"/> says why,
    /// once per runspace).
    /// </summary>
    public static RowViewLayout? Show(PSCmdlet cmdlet, string typeName, IReadOnlyList<RowColumn> columns, IReadOnlyList<object> sample, out string? whyNot)
    {
        whyNot = null;
        var session = Runspace.DefaultRunspace?.InitialSessionState;
        if (session is null)
            return null;
        var registry = s_registries.GetValue(session, _ => new Registry());
        lock (registry)
        {
            if (registry.Refused)
                return null;
            var longest = Longest(columns, sample);
            var isKnown = registry.Views.TryGetValue(typeName, out var known);
            var layout = isKnown ? known.Layout.Widen(columns, longest) : RowViewLayout.Choose(columns, longest);
            if (isKnown && known.Layout.Covers(layout))
                return known.Layout;
            if (session.DisableFormatUpdates)
            {
                registry.Refused = true;
                whyNot = "format updates are disabled";
                return null;
            }
            var entry = new SessionStateFormatEntry(Definition(typeName, layout));
            if (isKnown)
                Remove(session, known.Entry);
            session.Formats.Add(entry);
            try
            {
                // Rebuilds the session's format data from InitialSessionState.Formats: the public way
                // to add a view from memory, in PowerShell 7 and 5.1 alike.
                // -ErrorAction Stop: an entry it cannot take is an exception here, not an error record
                // in the user's error stream.
                cmdlet.InvokeCommand.InvokeScript("Microsoft.PowerShell.Utility\\Update-FormatData -ErrorAction Stop");
            }
            catch (RuntimeException e)
            {
                Remove(session, entry);
                registry.Views.Remove(typeName);
                registry.Refused = true;
                whyNot = e.Message;
                return null;
            }
            registry.Views[typeName] = (entry, layout);
            return layout;
        }
    }

    /// <summary>The view of <paramref name="layout"/> for rows of <paramref name="typeName"/>: a table grouped by package.</summary>
    public static ExtendedTypeDefinition Definition(string typeName, RowViewLayout layout)
    {
        var table = TableControl.Create(false, false, false).GroupByProperty(FixedColumns.PackageName, null, null);
        foreach (var shown in layout.Shown)
        {
            var column = shown.Column;
            var label = column.Kind == ColumnKind.Time ? column.Name + " (UTC)" : column.Name;
            var alignment = column.IsFixed || column.Kind == ColumnKind.Text ? Alignment.Left : Alignment.Right;
            table.AddHeader(alignment, shown.Width, label);
        }
        var row = table.StartRowDefinition(false, null, null);
        foreach (var shown in layout.Shown)
        {
            var column = shown.Column;
            var name = "'" + CodeGeneration.EscapeSingleQuotedStringContent(column.Name) + "'";
            switch (column.Kind)
            {
                case ColumnKind.Time:
                    row.AddScriptBlockColumn("$_." + name + ".ToString('yyyy-MM-dd HH:mm')", Alignment.Left, null);
                    break;
                case ColumnKind.Rate:
                    // A percentage with three decimals: every Vitals rate is near 0.01, which a plain
                    // double column rounds away. The object keeps the fraction.
                    row.AddScriptBlockColumn("$v = $_." + name + "; if ($null -ne $v) { '{0:0.000}%' -f (100 * $v) }", Alignment.Right, null);
                    break;
                case ColumnKind.Count:
                    row.AddPropertyColumn(column.Name, Alignment.Right, null);
                    break;
                default:
                    row.AddPropertyColumn(column.Name, Alignment.Left, null);
                    break;
            }
        }
        var control = row.EndRowDefinition().EndTable();
        return new ExtendedTypeDefinition(typeName, new[] { new FormatViewDefinition(typeName, control) });
    }

    /// <summary>Per row column, the longest of its values in <paramref name="sample"/> as the view shows them.</summary>
    internal static int[] Longest(IReadOnlyList<RowColumn> columns, IReadOnlyList<object> sample)
    {
        var longest = new int[columns.Count];
        foreach (var item in sample)
        {
            var properties = PSObject.AsPSObject(item).Properties;
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].IsFixed || columns[i].Kind == ColumnKind.Rate)
                    continue;
                var text = properties[columns[i].Name]?.Value switch
                {
                    string s => s,
                    IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
                    _ => "",
                };
                longest[i] = Math.Max(longest[i], text.Length);
            }
        }
        return longest;
    }

    private static void Remove(InitialSessionState session, SessionStateFormatEntry entry)
    {
        var formats = session.Formats;
        for (var i = formats.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(formats[i], entry))
                formats.RemoveItem(i);
        }
    }

    private sealed class Registry
    {
        public Dictionary<string, (SessionStateFormatEntry Entry, RowViewLayout Layout)> Views { get; } = new(StringComparer.Ordinal);
        public bool Refused { get; set; }
    }
}

/// <summary>
/// Holds a query's first rows until the view for their columns is in place (<see cref="RowViews"/>),
/// then writes them and every row after straight through: the view takes its widths from them,
/// and PowerShell picks a view when it formats the first row.
/// </summary>
internal sealed class FirstRowsWriter
{
    /// <summary>Rows held at most: enough for the widths of a page's values, few enough to show at once.</summary>
    public const int Held = 64;
    private readonly Action<object> _write;
    private Action<IReadOnlyList<object>>? _show;
    private List<object>? _held;

    public FirstRowsWriter(Action<object> write) => _write = write;

    /// <summary>From now on rows are held, up to <see cref="Held"/>, and shown to <paramref name="show"/> before they are written.</summary>
    public void Open(Action<IReadOnlyList<object>> show)
    {
        _show = show;
        _held = new List<object>();
    }

    public void Write(object item)
    {
        if (_held is not { } held)
        {
            _write(item);
            return;
        }
        held.Add(item);
        if (held.Count == Held)
            Flush();
    }

    /// <summary>Shows the rows held (if any) and writes them; every row after is written at once.</summary>
    public void Flush()
    {
        if (_held is not { } held)
            return;
        _held = null;
        if (held.Count > 0)
            _show?.Invoke(held);
        foreach (var item in held)
            _write(item);
    }
}
