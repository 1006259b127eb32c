using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AmazonVitals.Client.Report;

/// <summary>One line of a chart: a value (or a gap) per day.</summary>
public sealed class ChartSeries
{
    public ChartSeries(string key, string label, string color, string? dash, IReadOnlyList<double?> values)
    {
        Key = key;
        Label = label;
        Color = color;
        Dash = dash;
        Values = values;
    }

    /// <summary>A stable name for the series (new, previous, all), written as data-series.</summary>
    public string Key { get; }
    public string Label { get; }
    public string Color { get; }
    /// <summary>An SVG stroke-dasharray, or null for a solid line: lines stay apart when printed in grey.</summary>
    public string? Dash { get; }
    /// <summary>One value per day of the chart, null where there is no data.</summary>
    public IReadOnlyList<double?> Values { get; }
}

/// <summary>
/// A horizontal reference line, such as a threshold: across the whole chart, or from the day at
/// <see cref="StartIndex"/> to the end (a line that only applies to the window is not drawn over the baseline).
/// </summary>
public sealed class ChartLine
{
    public ChartLine(string key, string label, double value, string color, string dash, int startIndex = 0)
    {
        Key = key;
        Label = label;
        Value = value;
        Color = color;
        Dash = dash;
        StartIndex = startIndex < 0 ? 0 : startIndex;
    }

    /// <summary>The index of the first day the line is drawn over; 0 for the whole chart.</summary>
    public int StartIndex { get; }

    public string Key { get; }
    public string Label { get; }
    public double Value { get; }
    public string Color { get; }
    public string Dash { get; }
}

/// <summary>
/// A daily line chart written as inline SVG, with no dependency: a y axis of rates with 1-2-5
/// ticks as percentages, a date axis, a divider between the baseline and the window, shaded
/// provisional days, horizontal reference lines, and a legend. Every string is escaped.
/// </summary>
public sealed class SvgChart
{
    private const double Width = 960, Height = 290;
    private const double Left = 62, Right = 16, Top = 58, Bottom = 40;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public SvgChart(string title, IReadOnlyList<DateTime> days)
    {
        Title = title;
        Days = days;
    }

    public string Title { get; }
    /// <summary>The dates of the x axis, one slot each, oldest first.</summary>
    public IReadOnlyList<DateTime> Days { get; }
    public List<ChartSeries> Series { get; } = new();
    public List<ChartLine> Lines { get; } = new();
    /// <summary>The index of the first day of the window; the days before it are the baseline. -1 for no divider.</summary>
    public int WindowStartIndex { get; set; } = -1;
    /// <summary>The index of the first provisional day; they run to the end. -1 for none.</summary>
    public int ProvisionalStartIndex { get; set; } = -1;
    /// <summary>Extra text for screen readers, after the title.</summary>
    public string? Description { get; set; }

    private double PlotWidth => Width - Left - Right;
    private double PlotHeight => Height - Top - Bottom;
    private double Slot => PlotWidth / Math.Max(1, Days.Count);
    private double X(int index) => Left + ((index + 0.5) * Slot);
    private double SlotStart(int index) => Left + (index * Slot);

    /// <summary>Ticks from 0 to a round maximum above every value and line: steps of 1, 2 or 5 × 10^k.</summary>
    public static (double Max, double Step) Scale(double largest)
    {
        if (!(largest > 0) || double.IsInfinity(largest))
            return (0.01, 0.002);
        var rough = largest * 1.08 / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= rough * 0.999);
        var max = Math.Ceiling((largest * 1.04) / step) * step;
        return (max, step);
    }

    /// <summary>A tick label: a percentage with as many decimals as the step needs.</summary>
    public static string TickLabel(double value, double step)
    {
        var decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step * 100) - 1e-9));
        return (value * 100).ToString("F" + decimals.ToString(Invariant), Invariant) + "%";
    }

    public void Write(TextWriter w)
    {
        var values = Series.SelectMany(s => s.Values).Where(v => v.HasValue).Select(v => v!.Value).Concat(Lines.Select(l => l.Value)).ToList();
        var (max, step) = Scale(values.Count == 0 ? 0 : values.Max());
        double Y(double v) => Top + PlotHeight - (Math.Min(v, max) / max * PlotHeight);
        string N(double v) => HtmlText.Number(v);

        w.Write("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
        w.Write(N(Width));
        w.Write(' ');
        w.Write(N(Height));
        w.Write("\" role=\"img\" data-series=\"");
        w.Write(Series.Count.ToString(Invariant));
        w.Write("\"><title>");
        HtmlText.Write(w, Title);
        w.Write("</title>");
        if (Description is not null)
        {
            w.Write("<desc>");
            HtmlText.Write(w, Description);
            w.Write("</desc>");
        }

        // Provisional days: shaded behind everything, labelled at the top.
        if (ProvisionalStartIndex >= 0 && ProvisionalStartIndex < Days.Count)
        {
            var x0 = SlotStart(ProvisionalStartIndex);
            w.Write($"<g class=\"provisional\"><rect x=\"{N(x0)}\" y=\"{N(Top)}\" width=\"{N(Left + PlotWidth - x0)}\" height=\"{N(PlotHeight)}\" fill=\"#8a8a8a\" fill-opacity=\"0.16\"/>");
            w.Write($"<text x=\"{N(Left + PlotWidth - 3)}\" y=\"{N(Top + 12)}\" text-anchor=\"end\" class=\"note\">provisional</text></g>");
        }

        // Grid and y axis.
        w.Write("<g class=\"axis y\">");
        var ticks = (int)Math.Round(max / step);
        for (var t = 0; t <= ticks; t++)
        {
            var tick = t * step;
            var y = Y(tick);
            w.Write($"<line x1=\"{N(Left)}\" x2=\"{N(Left + PlotWidth)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{(t == 0 ? "#444" : "#ddd")}\" stroke-width=\"1\"/>");
            w.Write($"<text x=\"{N(Left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">");
            HtmlText.Write(w, TickLabel(tick, step));
            w.Write("</text>");
        }
        w.Write("</g>");

        // Date axis: a tick per day, a label every few days, the newest date always labelled.
        var every = Math.Max(1, (int)Math.Ceiling(Days.Count / 8.0));
        w.Write("<g class=\"axis x\">");
        for (var i = 0; i < Days.Count; i++)
        {
            var x = X(i);
            var baseY = Top + PlotHeight;
            w.Write($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(baseY)}\" y2=\"{N(baseY + 4)}\" stroke=\"#444\"/>");
            var last = i == Days.Count - 1;
            if ((Days.Count - 1 - i) % every == 0 || last)
            {
                w.Write($"<text x=\"{N(x)}\" y=\"{N(baseY + 17)}\" text-anchor=\"middle\">");
                HtmlText.Write(w, Days[i].ToString("MM-dd", Invariant));
                w.Write("</text>");
            }
        }
        w.Write($"<text x=\"{N(Left)}\" y=\"{N(Height - 6)}\" class=\"note\">");
        HtmlText.Write(w, Days.Count == 0 ? "" : Days[0].ToString("yyyy-MM-dd", Invariant) + " to " + Days[Days.Count - 1].ToString("yyyy-MM-dd", Invariant) + " (UTC)");
        w.Write("</text></g>");

        // Baseline | window.
        if (WindowStartIndex > 0 && WindowStartIndex < Days.Count)
        {
            var x = SlotStart(WindowStartIndex);
            w.Write($"<g class=\"divider\"><line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(Top)}\" y2=\"{N(Top + PlotHeight)}\" stroke=\"#777\" stroke-dasharray=\"3 3\"/>");
            w.Write($"<text x=\"{N(x - 4)}\" y=\"{N(Top + 12)}\" text-anchor=\"end\" class=\"note\">baseline</text>");
            w.Write($"<text x=\"{N(x + 4)}\" y=\"{N(Top + 12)}\" class=\"note\">window</text></g>");
        }

        foreach (var line in Lines)
        {
            var y = Y(line.Value);
            var x1 = line.StartIndex > 0 && line.StartIndex < Days.Count ? SlotStart(line.StartIndex) : Left;
            w.Write("<g class=\"line\" data-line=\"");
            HtmlText.Write(w, line.Key);
            w.Write($"\"><line x1=\"{N(x1)}\" x2=\"{N(Left + PlotWidth)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{HtmlText.Escape(line.Color)}\" stroke-width=\"1.5\" stroke-dasharray=\"{HtmlText.Escape(line.Dash)}\"/>");
            w.Write($"<text x=\"{N(x1 + 4)}\" y=\"{N(y - 4)}\" class=\"note\" fill=\"{HtmlText.Escape(line.Color)}\">");
            HtmlText.Write(w, line.Label);
            w.Write("</text></g>");
        }

        foreach (var series in Series)
            WriteSeries(w, series, Y);

        WriteLegend(w);
        w.Write("</svg>");
    }

    private void WriteSeries(TextWriter w, ChartSeries series, Func<double, double> y)
    {
        string N(double v) => HtmlText.Number(v);
        w.Write("<g class=\"series\" data-series=\"");
        HtmlText.Write(w, series.Key);
        w.Write("\"><path fill=\"none\" stroke=\"");
        HtmlText.Write(w, series.Color);
        w.Write("\" stroke-width=\"2.2\" stroke-linejoin=\"round\"");
        if (series.Dash is not null)
        {
            w.Write(" stroke-dasharray=\"");
            HtmlText.Write(w, series.Dash);
            w.Write('"');
        }
        w.Write(" d=\"");
        var pen = false;
        for (var i = 0; i < series.Values.Count && i < Days.Count; i++)
        {
            if (series.Values[i] is not { } v)
            {
                pen = false; // a gap: no line across a day without data
                continue;
            }
            w.Write(pen ? " L" : " M");
            w.Write(N(X(i)));
            w.Write(' ');
            w.Write(N(y(v)));
            pen = true;
        }
        w.Write("\"/>");
        for (var i = 0; i < series.Values.Count && i < Days.Count; i++)
        {
            if (series.Values[i] is not { } v)
                continue;
            w.Write($"<circle cx=\"{N(X(i))}\" cy=\"{N(y(v))}\" r=\"2.6\" fill=\"{HtmlText.Escape(series.Color)}\"><title>");
            HtmlText.Write(w, series.Label + " " + Days[i].ToString("yyyy-MM-dd", Invariant) + ": " + Messages.Percent(v));
            w.Write("</title></circle>");
        }
        w.Write("</g>");
    }

    /// <summary>The legend, above the plot: a swatch in each line's colour and dash, then its label; wraps to a second row.</summary>
    private void WriteLegend(TextWriter w)
    {
        string N(double v) => HtmlText.Number(v);
        w.Write("<g class=\"legend\">");
        double x = Left, y = 16;
        var entries = Series.Select(s => (s.Label, s.Color, s.Dash, Width: 2.2)).Concat(Lines.Select(l => (l.Label, l.Color, (string?)l.Dash, Width: 1.5)));
        foreach (var (label, color, dash, width) in entries)
        {
            // About 6.3 px per character at the legend's 11.5 px font.
            var length = 28 + (label.Length * 6.3) + 14;
            if (x + length > Width - Right && x > Left)
            {
                x = Left;
                y += 18;
            }
            w.Write($"<line x1=\"{N(x)}\" x2=\"{N(x + 22)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{HtmlText.Escape(color)}\" stroke-width=\"{N(width + 0.6)}\"");
            if (dash is not null)
                w.Write($" stroke-dasharray=\"{HtmlText.Escape(dash)}\"");
            w.Write($"/><text x=\"{N(x + 28)}\" y=\"{N(y + 4)}\">");
            HtmlText.Write(w, label);
            w.Write("</text>");
            x += length;
        }
        w.Write("</g>");
    }
}
