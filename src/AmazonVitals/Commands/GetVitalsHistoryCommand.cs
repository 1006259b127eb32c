using System;
using System.Collections;
using System.Management.Automation;
using AmazonVitals.Client;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.History;
using AmazonVitals.Client.Model;
using AmazonVitals.Infrastructure;
using AmazonVitals.Output;

namespace AmazonVitals.Commands;

/// <summary>
/// Get-VitalsHistory: the rows Sync-VitalsHistory kept, read back as the same AmazonVitals.MetricRow
/// objects Invoke-VitalsQuery writes, so views, Export-Csv and scripts work on either. Reads a
/// local folder: no connection is needed. Partitions outside the window are never opened.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VitalsHistory")]
[OutputType(MetricRowShaper.TypeName)]
public sealed class GetVitalsHistoryCommand : VitalsCmdlet
{
    /// <summary>The dataset's folder, as given to Sync-VitalsHistory -Path.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The packages to read. Default: every package the dataset holds.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? PackageName { get; set; }

    /// <summary>The metric sets to read. Default: every set the dataset holds.</summary>
    [Parameter(Position = 1)]
    public string[]? MetricSet { get; set; }

    /// <summary>Daily (default) or Hourly rows.</summary>
    [Parameter]
    [ValidateSet("Daily", "Hourly", IgnoreCase = true)]
    public string AggregationPeriod { get; set; } = "Daily";

    /// <summary>Inclusive start, read as Invoke-VitalsQuery reads it. Default: the oldest stored date.</summary>
    [Parameter]
    [UtcTime]
    public DateTime? StartTime { get; set; }

    /// <summary>Exclusive end. Default: after the newest stored date.</summary>
    [Parameter]
    [UtcTime]
    public DateTime? EndTime { get; set; }

    /// <summary>The metrics to return, from those stored. Default: every stored metric.</summary>
    [Parameter]
    public string[]? Metric { get; set; }

    /// <summary>Allowed values per stored dimension: @{ deviceType = 'AMAZON_FIRE_TV' }.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            ReadHistory();
        }
        catch (VitalsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Path));
        }
    }

    private void ReadHistory()
    {
        var start = StartTime is { } s ? VitalsTime.ToUtc(s) : DateTime.MinValue;
        var end = EndTime is { } e ? VitalsTime.ToUtc(e) : DateTime.MaxValue;
        if (end <= start)
            ThrowTerminatingError(ErrorRecords.Create("EndNotAfterStart", ErrorCategory.InvalidArgument, EndTime, Messages.EndNotAfterStart(start, end)));
        using var store = HistoryStore.OpenForRead(FileTarget.ResolveFolder(this, Path, "-Path"));
        var request = new HistoryReadRequest
        {
            PackageNames = PackageName,
            MetricSets = MetricSet,
            Period = ParseEnum<Client.Model.AggregationPeriod>(AggregationPeriod),
            Start = start,
            End = end,
            Metrics = Metric,
            Filter = FilterTable.Parse(this, Filter),
        };
        long rows = 0;
        foreach (var plan in store.PlanRead(request))
            rows += WriteRows(store, plan);
        if (rows == 0)
            WriteWarning(Messages.HistoryNothingStored(store.Root));
    }

    private long WriteRows(HistoryStore store, QueryPlan plan)
    {
        var shaper = new MetricRowShaper(plan);
        using var source = new PageSource<MetricPage, object>(store.OpenRead(plan, Cancellation),
            page => shaper.FallbackReason is null ? Pages.RowsAhead<object>(page, shaper.Shape, Cancellation) : Pages.Rows<object>(page, shaper.Shape));
        // The same view as Invoke-VitalsQuery's rows, sized from the first rows read.
        var firstRows = new FirstRowsWriter(WriteObject);
        firstRows.Open(sample => RowViews.ShowFor(this, shaper, sample));
        var rows = ForEachPage(source, PageProgress.ForQuery("Get-VitalsHistory " + plan.MetricSet + " for " + plan.PackageName), _ => true, page =>
        {
            try
            {
                for (var i = 0; i < page.Count; i++)
                    firstRows.Write(page.Next());
            }
            finally
            {
                if (!Cancellation.IsCancellationRequested)
                    firstRows.Flush();
            }
        });
        firstRows.Flush();
        return rows;
    }
}
