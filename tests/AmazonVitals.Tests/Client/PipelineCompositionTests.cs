using System;
using System.Security;
using AmazonVitals.Client;
using AmazonVitals.Client.Http;
using AmazonVitals.Client.Wire.V1;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Xunit;

namespace AmazonVitals.Tests.Client;

/// <summary>The order and settings of the resilience strategies, read back with Polly.Testing.</summary>
public sealed class PipelineCompositionTests
{
    private static RequestPipeline Pipeline(int maxRetryCount)
    {
        var secret = new SecureString();
        secret.AppendChar('x');
        var options = new VitalsClientOptions("composition", secret)
        {
            MaxRetryCount = maxRetryCount,
            TotalTimeout = TimeSpan.FromMinutes(4),
            AttemptTimeout = TimeSpan.FromSeconds(90),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
        };
        return new RequestPipeline(options, new V1WireFormat(options.BaseUri));
    }

    [Fact]
    public void Total_deadline_outside_retry_outside_the_attempt_deadline()
    {
        var strategies = Pipeline(3).Resilience.GetPipelineDescriptor().Strategies;
        Assert.Equal(3, strategies.Count);
        var total = Assert.IsType<TimeoutStrategyOptions>(strategies[0].Options);
        var retry = Assert.IsType<RetryStrategyOptions>(strategies[1].Options);
        var attempt = Assert.IsType<TimeoutStrategyOptions>(strategies[2].Options);
        Assert.Equal(TimeSpan.FromMinutes(4), total.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(90), attempt.Timeout);
        Assert.Equal(3, retry.MaxRetryAttempts);
        Assert.Equal(Polly.DelayBackoffType.Exponential, retry.BackoffType);
        Assert.True(retry.UseJitter);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
    }

    [Fact]
    public void No_retry_strategy_when_retries_are_off()
    {
        var strategies = Pipeline(0).Resilience.GetPipelineDescriptor().Strategies;
        Assert.Equal(2, strategies.Count);
        Assert.All(strategies, s => Assert.IsType<TimeoutStrategyOptions>(s.Options));
    }
}
