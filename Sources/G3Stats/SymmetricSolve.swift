import CGSL

/// Solves S x = b for a symmetric positive-definite S by Cholesky (`gsl_linalg_cholesky_decomp1`,
/// `gsl_linalg_cholesky_solve`). Throws `GSLError` (GSL_EDOM) when S is not positive definite,
/// e.g. collinear covariates.
public func solveSymmetricPositiveDefinite(_ matrix: [[Double]], _ rhs: [Double]) throws -> [Double] {
    let k = rhs.count
    precondition(
        matrix.count == k && matrix.allSatisfy { $0.count == k }, "solveSymmetricPositiveDefinite: shapes differ")
    guard k > 0 else { return [] }
    GSL.prepare()
    guard let a = gsl_matrix_alloc(k, k), let b = gsl_vector_alloc(k), let x = gsl_vector_alloc(k) else {
        throw GSL.error(Int32(GSL_ENOMEM), "gsl_matrix_alloc")
    }
    defer {
        gsl_matrix_free(a)
        gsl_vector_free(b)
        gsl_vector_free(x)
    }
    for i in 0..<k {
        gsl_vector_set(b, i, rhs[i])
        for j in 0..<k { gsl_matrix_set(a, i, j, matrix[i][j]) }
    }
    try GSL.check(gsl_linalg_cholesky_decomp1(a), "gsl_linalg_cholesky_decomp1")
    try GSL.check(gsl_linalg_cholesky_solve(a, b, x), "gsl_linalg_cholesky_solve")
    return (0..<k).map { gsl_vector_get(x, $0) }
}

/// S⁻¹ for a symmetric positive-definite S by Cholesky (`gsl_linalg_cholesky_invert`). Throws
/// `GSLError` (GSL_EDOM) when S is not positive definite, e.g. collinear regressors.
public func invertSymmetricPositiveDefinite(_ matrix: [[Double]]) throws -> [[Double]] {
    let k = matrix.count
    precondition(matrix.allSatisfy { $0.count == k }, "invertSymmetricPositiveDefinite: not square")
    guard k > 0 else { return [] }
    GSL.prepare()
    guard let a = gsl_matrix_alloc(k, k) else { throw GSL.error(Int32(GSL_ENOMEM), "gsl_matrix_alloc") }
    defer { gsl_matrix_free(a) }
    for i in 0..<k { for j in 0..<k { gsl_matrix_set(a, i, j, matrix[i][j]) } }
    try GSL.check(gsl_linalg_cholesky_decomp1(a), "gsl_linalg_cholesky_decomp1")
    try GSL.check(gsl_linalg_cholesky_invert(a), "gsl_linalg_cholesky_invert")
    return (0..<k).map { i in (0..<k).map { j in gsl_matrix_get(a, i, j) } }
}
