using System.Linq;
using System.Management.Automation;
using AmazonVitals.Client.Errors;
using AmazonVitals.Client.Model;
using AmazonVitals.Completion;
using AmazonVitals.Infrastructure;
using AmazonVitals.Session;

namespace AmazonVitals.Commands;

/// <summary>Get-VitalsFreshness: what each metric set offers and the newest Daily and Hourly data it has.</summary>
[Cmdlet(VerbsCommon.Get, "VitalsFreshness")]
[OutputType(TypeName)]
public sealed class GetVitalsFreshnessCommand : PackageCmdlet
{
    internal const string TypeName = "AmazonVitals.Freshness";

    /// <summary>The metric sets to ask about. Default: crashMetricSet, anrMetricSet and lmkMetricSet. Any name the server knows works.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(MetricSetCompleter))]
    public string[] MetricSet { get; set; } = KnownMetricSets.RateSets.ToArray();

    private protected override void ProcessPackage(VitalsSession session, string package)
    {
        foreach (var set in MetricSet)
        {
            try
            {
                // Always ask the server: this cmdlet is how users see the current state.
                var info = Await((trace, ct) => session.Client.GetFreshnessAsync(package, set, trace, ct, fresh: true));
                var obj = PSObject.AsPSObject(info);
                obj.TypeNames.Insert(0, TypeName);
                WriteObject(obj);
            }
            catch (VitalsException e)
            {
                Fail(e, package + "/" + set);
            }
        }
    }
}
