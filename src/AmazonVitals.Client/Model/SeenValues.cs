using System;
using System.Collections.Generic;

namespace AmazonVitals.Client.Model;

/// <summary>
/// The dimension values a client has seen in the rows it read, per package and dimension, so an
/// empty answer to a filter can say when the value asked for was never among them ('USA' where
/// the rows say 'US'). Bounded: a dimension with more values than <see cref="MaxPerDimension"/>
/// (free text) stops being remembered, and is then never questioned.
/// </summary>
public sealed class SeenValues
{
    public const int MaxPerDimension = 2000;
    private readonly Dictionary<(string Package, string Dimension), HashSet<string>?> _values = new();
    private readonly HashSet<(string, string, string)> _warned = new();
    private readonly object _lock = new();

    /// <summary>Remembers a value of a dimension of a package.</summary>
    public void Note(string package, string dimension, string value)
    {
        lock (_lock)
        {
            var key = (package, dimension);
            if (!_values.TryGetValue(key, out var set))
                _values[key] = set = new HashSet<string>(StringComparer.Ordinal);
            if (set is null || set.Contains(value))
                return;
            if (set.Count >= MaxPerDimension)
                _values[key] = null; // too many to be a vocabulary
            else
                set.Add(value);
        }
    }

    /// <summary>The values seen, sorted; null when none were remembered for the dimension.</summary>
    public List<string>? Of(string package, string dimension)
    {
        lock (_lock)
        {
            if (!_values.TryGetValue((package, dimension), out var set) || set is null || set.Count == 0)
                return null;
            var list = new List<string>(set);
            list.Sort(StringComparer.Ordinal);
            return list;
        }
    }

    /// <summary>True the first time a value is questioned, so each unseen filter value warns once.</summary>
    public bool FirstWarning(string package, string dimension, string value)
    {
        lock (_lock)
            return _warned.Add((package, dimension, value));
    }
}
