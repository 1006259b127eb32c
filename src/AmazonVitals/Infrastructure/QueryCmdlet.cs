using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Session;
using AmazonVitals.Completion;

namespace AmazonVitals.Infrastructure;

/// <summary>
/// The parameters every data query takes beyond the package and session (window, dimensions,
/// filter, page size), and their conversion to what the client takes. Writing pages is not here:
/// the page loop is VitalsCmdlet.ForEachPage, and -First/-Skip live in PagedWriter, which only
/// cmdlets with SupportsPaging can make.
/// </summary>
public abstract class QueryCmdlet : PackageCmdlet
{
    /// <summary>Inclusive start. A bare date is that UTC date; other times are local and converted to UTC; a DateTimeOffset is its UTC instant. Default: the default window before -EndTime.</summary>
    [Parameter]
    [UtcTime]
    public DateTime? StartTime { get; set; }

    /// <summary>Exclusive end: one day is -StartTime 2026-11-20 -EndTime 2026-11-21. Default: the end of the latest data.</summary>
    [Parameter]
    [UtcTime]
    public DateTime? EndTime { get; set; }

    // The local-midnight warning is given once per parameter and command, not once per piped package.
    private readonly HashSet<string> _warnedLocalMidnight = new(StringComparer.Ordinal);

    /// <summary>Up to 5 dimensions to break the rows down by: versionCode, countryCode, deviceModel, deviceType, deviceOS, osVersion.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DimensionCompleter))]
    public string[]? Dimension { get; set; }

    /// <summary>Allowed values per dimension: @{ countryCode = 'US','CA' }. OR within a dimension, AND across dimensions.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    /// <summary>Rows per request, 1 to 100000. Default: 100000 for rates (50000 for issues), or -First when smaller.</summary>
    [Parameter]
    public int? PageSize { get; set; }


    /// <summary>
    /// The writer for -First, -Skip and -IncludeTotalCount (cmdlets with SupportsPaging only), or
    /// null after -First 0: then <paramref name="check"/> still runs the checks that need no server,
    /// the total count of 0 is written, and nothing is sent.
    /// </summary>
    private protected PagedWriter? OpenPagedOutput(Action check, Action<object>? write = null)
    {
        var output = new PagedWriter(PagingParameters, MyInvocation.BoundParameters.ContainsKey("First"), write ?? WriteObject);
        if (!output.WantsNothing)
            return output;
        check();
        output.WriteTotalCount(0, complete: false);
        return null;
    }

    /// <summary>
    /// A user's time, as the API means it (see <see cref="VitalsTime.ToUtc"/>). When the query
    /// counts whole UTC dates, a start is widened down to its UTC date and an end up to the next
    /// UTC midnight; a local midnight ((Get-Date).Date) whose widened date is not the date the user
    /// wrote takes in one more day than meant (a start east of UTC, an end west of it): a warning.
    /// </summary>
    private protected DateTime? ToUtc(DateTime? value, string parameter, bool wholeDates, bool isEnd = false)
    {
        if (value is not { } local)
            return null;
        var utc = VitalsTime.ToUtc(local);
        if (wholeDates && local.Kind == DateTimeKind.Local && local.TimeOfDay == TimeSpan.Zero)
        {
            var boundary = isEnd ? VitalsTime.CeilingDate(utc) : VitalsTime.UtcDate(utc);
            if (boundary != local.Date && _warnedLocalMidnight.Add(parameter))
                WriteWarning(Messages.LocalMidnight(parameter, local, utc, boundary, isEnd));
        }
        return utc;
    }

    /// <summary>@{ countryCode = 'US','CA'; deviceType = 'AMAZON_FIRE_TV' } as the API's filter object.</summary>
    private protected IReadOnlyDictionary<string, IReadOnlyList<string>> ToFilter(Hashtable? filter) => FilterTable.Parse(this, filter);

    /// <summary>
    /// After a query that gave no rows: warns of what the module knows could explain it (a window
    /// past the latest data, a filter value never seen). The freshness is the cached one, or one
    /// request; if that request fails, the empty answer simply stands.
    /// </summary>
    private protected void ExplainNoRows(VitalsSession session, QueryPlan plan, long rows)
    {
        if (rows > 0)
            return;
        var freshness = session.Client.CachedFreshness(plan.PackageName, plan.MetricSet);
        if (freshness is null)
        {
            try
            {
                freshness = Await((trace, ct) => session.Client.GetFreshnessAsync(plan.PackageName, plan.MetricSet, trace, ct));
            }
            catch (VitalsException)
            {
                // The rows were asked for and answered; an explanation that cannot be had is no error.
            }
        }
        foreach (var reason in EmptyAnswer.Explain(plan, freshness, session.Client.Seen))
            WriteWarning(reason);
    }

}
