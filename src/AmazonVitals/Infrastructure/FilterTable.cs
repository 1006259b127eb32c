using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using AmazonVitals.Client;

namespace AmazonVitals.Infrastructure;

/// <summary>-Filter's hashtable, @{ countryCode = 'US','CA' }, as the client's filter: one reading for the queries and the history reader.</summary>
internal static class FilterTable
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(Cmdlet cmdlet, Hashtable? filter)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (filter is null)
            return result;
        foreach (DictionaryEntry entry in filter)
        {
            var key = entry.Key?.ToString() ?? "";
            var values = new List<string>();
            var value = entry.Value is PSObject pso ? pso.BaseObject : entry.Value;
            if (value is string or ValueType)
                values.Add(Convert.ToString(value, CultureInfo.InvariantCulture)!);
            else if (value is IEnumerable list && value is not IDictionary)
            {
                foreach (var item in list)
                {
                    var inner = item is PSObject p ? p.BaseObject : item;
                    if (inner is not (string or ValueType))
                        Fail(cmdlet, key, filter);
                    values.Add(Convert.ToString(inner, CultureInfo.InvariantCulture)!);
                }
            }
            else
                Fail(cmdlet, key, filter);
            if (string.IsNullOrWhiteSpace(key) || values.Count == 0)
                Fail(cmdlet, key, filter);
            result[key] = values;
        }
        return result;
    }

    private static void Fail(Cmdlet cmdlet, string key, Hashtable filter) =>
        cmdlet.ThrowTerminatingError(ErrorRecords.Create("InvalidFilter", ErrorCategory.InvalidArgument, filter, Messages.FilterValueInvalid(key)));
}
