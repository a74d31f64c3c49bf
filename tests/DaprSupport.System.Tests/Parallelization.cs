// Each collection here runs a whole system (three apps, their sidecars, etcd): one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
