using System.Globalization;
using System.IO;
using System.Text;

namespace AmazonVitals.Client.Report;

/// <summary>
/// The one way text reaches the report: every string, whether from the server (traces, package
/// names, versions) or our own, goes through <see cref="Escape"/>, which is safe both in element
/// content and in a quoted attribute, in HTML and in inline SVG.
/// </summary>
public static class HtmlText
{
    /// <summary>
    /// Escapes &amp; &lt; &gt; " and ', and replaces control characters (other than tab, line feed
    /// and carriage return) and lone surrogates with U+FFFD, which no parser can take for markup.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        StringBuilder? sb = null;
        for (var i = 0; i < text!.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (replacement is null && IsUnsafe(text, i))
                replacement = "\uFFFD";
            if (replacement is null && char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                // A valid pair is kept whole.
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length + 32).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>Writes <paramref name="text"/> escaped.</summary>
    public static void Write(TextWriter writer, string? text) => writer.Write(Escape(text));

    /// <summary>A number for an SVG attribute: invariant, at most two decimals.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static bool IsUnsafe(string text, int i)
    {
        var c = text[i];
        if (c is '\t' or '\n' or '\r')
            return false;
        if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF')
            return true;
        if (char.IsHighSurrogate(c))
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        return char.IsLowSurrogate(c);
    }
}
