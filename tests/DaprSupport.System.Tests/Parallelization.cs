// Each collection here runs a whole system (five apps, their sidecars, etcd): one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
