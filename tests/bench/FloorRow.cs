// Row FT's plain CLR object: the 12 columns of row A's query, with the types Invoke-VitalsQuery
// gives them, as ordinary properties. Compiled once by the orchestrator (not in the measured process).
using System;

public sealed class FloorRow
{
    public FloorRow(string packageName, string metricSet, string aggregationPeriod, DateTime startTime,
        string versionCode, string countryCode, string deviceModel, string deviceType, string osVersion,
        double? crashRate, long? crashCount, long? distinctDevices)
    {
        PackageName = packageName;
        MetricSet = metricSet;
        AggregationPeriod = aggregationPeriod;
        StartTime = startTime;
        this.versionCode = versionCode;
        this.countryCode = countryCode;
        this.deviceModel = deviceModel;
        this.deviceType = deviceType;
        this.osVersion = osVersion;
        this.crashRate = crashRate;
        this.crashCount = crashCount;
        this.distinctDevices = distinctDevices;
    }

    public string PackageName { get; set; }
    public string MetricSet { get; set; }
    public string AggregationPeriod { get; set; }
    public DateTime StartTime { get; set; }
    public string versionCode { get; set; }
    public string countryCode { get; set; }
    public string deviceModel { get; set; }
    public string deviceType { get; set; }
    public string osVersion { get; set; }
    public double? crashRate { get; set; }
    public long? crashCount { get; set; }
    public long? distinctDevices { get; set; }
}
