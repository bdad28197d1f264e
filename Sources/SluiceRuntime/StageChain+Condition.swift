import SluiceCore

extension StageChain {
    /// Runs stage `k` only on the events for which `condition` holds, keeping the batch's
    /// order.
    ///
    /// ```
    ///  batch:   a  B  c  D  E        (capitals: the condition holds)
    ///  stage:      B     D  E   ──▶  B' E'  (D dropped; a held event X released)
    ///  result:  a  B' c  X  E'       events the stage released go before the next survivor
    /// ```
    ///
    /// Matching events are tagged (``Event/chainSlot``) with numbers unique across batches,
    /// so survivors are put back in their places and events the stage held from earlier
    /// batches are recognised. Dead letters are handed to the stage unconditionally (a
    /// redaction stage must see them all). When the condition holds for every event or for
    /// none, no sub-batch is built. A `matches` test that gave up at its limit does not hold;
    /// such events are counted in the stage's `sluice_stage_condition_regex_limit_hits_total`.
    func runConditional(_ k: Int, _ condition: Condition, _ batch: inout Batch) {
        let stage = stages[k]
        let n = batch.events.count
        var mask = [Bool](repeating: false, count: n)
        var matching = 0
        let scratch = RegexScratch()
        for i in 0..<n where condition.holds(for: batch.events[i].fields, using: scratch) {
            mask[i] = true
            matching += 1
        }
        conditionLimitHits[k]?.add(scratch.limitHits)
        if matching == n && n > 0 {
            stage.process(&batch)
            return
        }
        if matching == 0 && batch.deadLetters.isEmpty && !holds[k] { return }

        let base = nextSlot.wrappingAdd(UInt32(truncatingIfNeeded: max(n, 1)), ordering: .relaxed).oldValue
        var sub = Batch()
        sub.events.reserveCapacity(matching)
        for i in 0..<n where mask[i] {
            var event = batch.events[i]
            event.chainSlot = base &+ UInt32(i)
            sub.events.append(event)
        }
        swap(&sub.deadLetters, &batch.deadLetters)
        stage.process(&sub)
        swap(&sub.deadLetters, &batch.deadLetters)
        batch.droppedCount += sub.droppedCount

        let out = sub.events
        func isOurs(_ slot: UInt32) -> Bool { slot &- base < UInt32(n) }
        var merged: [Event] = []
        merged.reserveCapacity(n - matching + out.count)
        var j = 0
        for i in 0..<n {
            guard mask[i] else {
                merged.append(batch.events[i])
                continue
            }
            while j < out.count && !isOurs(out[j].chainSlot) {
                merged.append(out[j])
                j += 1
            }
            if j < out.count && out[j].chainSlot == base &+ UInt32(i) {
                merged.append(out[j])
                j += 1
            }
        }
        // Released events after the last survivor (and anything a stage reordered).
        while j < out.count {
            merged.append(out[j])
            j += 1
        }
        batch.events = merged
    }
}
