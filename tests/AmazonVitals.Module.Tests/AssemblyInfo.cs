using Xunit;

// The row class cache and its switch (RowTypes) are process-wide, and the read-ahead tests time a
// worker thread: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
