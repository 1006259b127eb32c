namespace AmazonVitals.Client.Model;

/// <summary>The granularity of a rate query.</summary>
public enum AggregationPeriod
{
    /// <summary>One row per UTC date; the 30 most recent dates are kept.</summary>
    Daily,
    /// <summary>One row per UTC hour; the 15 most recent dates are kept.</summary>
    Hourly,
}

/// <summary>The report type of an issues query.</summary>
public enum ReportType
{
    /// <summary>Crashes.</summary>
    Crash,
    /// <summary>Application Not Responding.</summary>
    Anr,
}
