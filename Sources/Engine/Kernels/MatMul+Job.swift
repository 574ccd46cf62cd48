/// The pool job of a product: its tasks as a `PoolJob` struct, which the pool dispatches with no
/// allocation (a closure would cost one per product, i.e. hundreds per decoded token).
extension MatMul {
    /// One product's share of a job: its weights, how its tasks cut it, and its output.
    struct ProductPart {
        let w: WeightMatrix
        let split: Split
        let out: UnsafeMutablePointer<Float>
    }

    /// The tasks of up to three products with the same activations: tasks [0, first's) compute
    /// the first product, the next ones the second, then the third.
    struct ProductJob: PoolJob {
        /// The kernel, opened once per task (a generic job would not be specialized where
        /// `multiply` is called through an existential, and its dispatch would then allocate).
        let kernel: any QuantKernel.Type
        let first: ProductPart
        let second: ProductPart?
        let third: ProductPart?
        let activations: UnsafeRawPointer
        let aRowBytes: Int
        let scales: ActivationScales
        let n: Int

        var taskCount: Int { first.split.tasks + (second?.split.tasks ?? 0) + (third?.split.tasks ?? 0) }

        func callAsFunction(_ task: Int) {
            func open<K: QuantKernel>(_: K.Type) {
                @inline(__always) func run(_ part: ProductPart, _ t: Int) {
                    MatMul.runTask(K.self, part.w, part.split, t, activations, aRowBytes, scales, n, part.out)
                }
                var t = task
                if t < first.split.tasks { return run(first, t) }
                t -= first.split.tasks
                if let second {
                    if t < second.split.tasks { return run(second, t) }
                    t -= second.split.tasks
                }
                if let third, t < third.split.tasks { run(third, t) }
            }
            open(kernel)
        }
    }
}
