using System;
using AmazonVitals.Client.Model;

namespace AmazonVitals.Client.Wire.V1;

/// <summary>
/// How V1 encodes a window: whole UTC dates, {year, month, day}, with an exclusive end. An Hourly
/// window that starts or ends within a day is sent as the whole dates it touches, and the rows
/// outside the instants asked for are dropped as each page is read.
/// </summary>
internal static class V1Window
{
    /// <summary>The dates sent: the first date, and the exclusive end date.</summary>
    public static (DateTime Start, DateTime End) DatesOf(QueryPlan plan) =>
        (VitalsTime.UtcDate(plan.Start), VitalsTime.CeilingDate(plan.End));

    /// <summary>True when the dates sent cover more than the plan asks for, so rows are trimmed here.</summary>
    public static bool TrimsRows(QueryPlan plan)
    {
        var (start, end) = DatesOf(plan);
        return start != plan.Start || end != plan.End;
    }
}
