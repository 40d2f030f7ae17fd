/// Which rows of a join's sides are kept without a match (padded with NULLs on the other side).
public enum JoinType: String, Sendable, Decodable {
    case inner, left, right, full

    /// Whether side `side` (0: left, 1: right) keeps its rows that match nothing.
    func keepsUnmatched(_ side: Int) -> Bool {
        switch self {
        case .inner: false
        case .left: side == 0
        case .right: side == 1
        case .full: true
        }
    }

    /// The Table API's name of the join, for errors.
    var operationName: String {
        switch self {
        case .inner: "join"
        case .left: "left_outer_join"
        case .right: "right_outer_join"
        case .full: "full_outer_join"
        }
    }
}

/// Plans a regular join from its sides' rows and its predicate (over the joined row: the left's
/// fields, then the right's): the predicate's conjuncts that equate an expression of the left with
/// one of the right become the join keys (both sides are hash-partitioned by them and only rows of
/// equal keys meet), the rest stays as a condition each pair of rows with equal keys must meet.
/// Without a predicate every pair meets (a cross join).
///
/// ```swift
/// // left (k, s) join right (rk, rs) on k = rk AND s <> rs:
/// let plan = try JoinPlanner(left: l, right: r, condition: predicate, type: .inner)
/// // plan.leftKeys == [$0], plan.rightKeys == [$0], plan.condition == $1 <> $3 over (k, s, rk, rs)
/// ```
struct JoinPlanner {
    let type: JoinType
    let leftKeys: [TypedExpression]
    let rightKeys: [TypedExpression]
    /// The row of key values both sides are keyed by (the equated expressions' common types).
    let keyType: DataType
    /// What a pair of rows with equal keys must also meet, over the joined row.
    let condition: TypedExpression?
    /// The left's fields, then the right's; a side padded with NULLs has nullable fields.
    let outputType: DataType

    /// - Parameters:
    ///   - requireEquality: whether a predicate without an equality of the two sides is an error
    ///     (Flink's Table API refuses it in a join's own predicate, not in a `where` after a join).
    init(left: DataType, right: DataType, condition predicate: Expression?, type: JoinType,
         requireEquality: Bool = true) throws(SpateError) {
        self.type = type
        guard let leftFields = left.fields, let rightFields = right.fields else {
            throw .invalid("\(type.operationName) joins tables (rows), got \(left.sqlName) and \(right.sqlName)")
        }
        let leftNames = Set(leftFields.map(\.name))
        let common = rightFields.map(\.name).filter(leftNames.contains)
        if !common.isEmpty {
            // Flink's words, with what to do about it.
            throw .invalid("join relations with ambiguous names: [\(common.joined(separator: ", "))] "
                           + "(\(type.operationName) needs distinct column names on both sides: rename one side's, "
                           + "such as with alias or rename_columns)")
        }
        let joined = DataType.row(leftFields + rightFields)
        var leftKeys: [TypedExpression] = [], rightKeys: [TypedExpression] = [], keyFields: [DataType.Field] = []
        var rest: [Expression] = []
        if let predicate {
            let binder = try ExpressionBinder(input: joined)
            let bound = try binder.bind(predicate)
            guard bound.type.base == .bool else {
                throw .invalid("Filter operator requires a boolean expression as input, but \(predicate.text) is of type "
                               + "\(bound.type.sqlName) (\(type.operationName) expects a BOOLEAN join predicate)")
            }
            let leftBinder = try ExpressionBinder(input: left), rightBinder = try ExpressionBinder(input: right)
            let width = leftFields.count
            var equatesFields = false
            for conjunct in Self.conjuncts(predicate) {
                guard case .call(.equals, let args, _) = conjunct,
                      let (onLeft, onRight) = Self.sides(args[0], args[1], leftWidth: width),
                      let (leftKey, rightKey) = try Self.keyPair(onLeft, onRight, leftBinder, rightBinder) else {
                    rest.append(conjunct)
                    continue
                }
                if case .field = onLeft, case .field = onRight { equatesFields = true }
                leftKeys.append(leftKey)
                rightKeys.append(rightKey)
                keyFields.append(DataType.Field("k\(keyFields.count)", leftKey.type.base))
            }
            if !equatesFields && requireEquality {
                // Flink's Table API refuses a join predicate without an equality of a left and a
                // right column (equalities of expressions key the join too, once one of those is there).
                throw .invalid("Invalid join condition: \(predicate.text). At least one equi-join predicate is required "
                               + "(\(type.operationName) needs an equality of a column of each side, such as "
                               + "col('a') == col('b'))")
            }
            self.condition = try rest.isEmpty ? nil : binder.bind(rest.dropFirst().reduce(rest[0]) { all, next in
                .call(.and, [all, next], text: "\(all.text) && \(next.text)")
            })
        } else {
            self.condition = nil
        }
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        keyType = .row(keyFields)
        let padLeft = type.keepsUnmatched(1), padRight = type.keepsUnmatched(0)
        outputType = .row(leftFields.map { padLeft ? DataType.Field($0.name, $0.type.base) : $0 }
                          + rightFields.map { padRight ? DataType.Field($0.name, $0.type.base) : $0 })
    }

    /// Each side's key expressions and its keyed row type, for side 0 (left) or 1 (right).
    func keys(side: Int) -> [TypedExpression] { side == 0 ? leftKeys : rightKeys }

    /// The predicate's top-level AND operands.
    private static func conjuncts(_ expression: Expression) -> [Expression] {
        if case .call(.and, let args, _) = expression { return conjuncts(args[0]) + conjuncts(args[1]) }
        return [expression]
    }

    /// The two operands of an equality as (left side's, right side's), over their own side's row,
    /// when one reads only left fields and the other only right fields.
    private static func sides(_ a: Expression, _ b: Expression, leftWidth: Int) -> (Expression, Expression)? {
        func side(_ e: Expression) -> Int? {  // 0, 1, nil: both or neither
            let fields = fieldsRead(e)
            if fields.isEmpty { return nil }
            if fields.allSatisfy({ $0 < leftWidth }) { return 0 }
            if fields.allSatisfy({ $0 >= leftWidth }) { return 1 }
            return nil
        }
        switch (side(a), side(b)) {
        case (0, 1): return (a, shifted(b, by: -leftWidth))
        case (1, 0): return (b, shifted(a, by: -leftWidth))
        default: return nil
        }
    }

    /// Both operands cast to the type they are compared as, so equal values key alike on both sides
    /// (INT 2 and BIGINT 2); nil when they are not comparable (the condition then says so).
    private static func keyPair(_ left: Expression, _ right: Expression, _ leftBinder: ExpressionBinder,
                                _ rightBinder: ExpressionBinder) throws(SpateError) -> (TypedExpression, TypedExpression)? {
        let l = try leftBinder.bind(left), r = try rightBinder.bind(right)
        guard let common = Comparison.common(l.type, r.type) else { return nil }
        guard case .numeric(let rank) = common else { return (l, r) }
        func cast(_ e: TypedExpression, _ binder: ExpressionBinder) throws(SpateError) -> TypedExpression {
            e.type.base == rank.type ? e : try binder.bind(.cast(e.expression, to: rank.type, orNull: false, text: e.expression.text))
        }
        return (try cast(l, leftBinder), try cast(r, rightBinder))
    }

    private static func fieldsRead(_ expression: Expression) -> [Int] {
        switch expression {
        case .field(let index): return [index]
        case .literal: return []
        case .call(_, let args, _), .aggregate(_, let args, _, _), .userFunction(_, let args, _, _): return args.flatMap(fieldsRead)
        case .cast(let inner, _, _, _): return fieldsRead(inner)
        }
    }

    private static func shifted(_ expression: Expression, by offset: Int) -> Expression {
        switch expression {
        case .field(let index): return .field(index + offset)
        case .literal: return expression
        case .call(let function, let args, let text): return .call(function, args.map { shifted($0, by: offset) }, text: text)
        case .cast(let inner, let type, let orNull, let text): return .cast(shifted(inner, by: offset), to: type, orNull: orNull, text: text)
        case .aggregate(let function, let args, let distinct, let text):
            return .aggregate(function, args.map { shifted($0, by: offset) }, distinct: distinct, text: text)
        case .userFunction(let function, let args, let returns, let text):
            return .userFunction(function, args.map { shifted($0, by: offset) }, returns: returns, text: text)
        }
    }
}
