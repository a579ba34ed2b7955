// The parts of GSL that g3-design uses. Only G3Stats imports this module.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_roots.h>

// GSL exports its solver types as mutable globals, which Swift 6 refuses to read unguarded;
// they are never written, so hand them out through a function.
static inline const gsl_root_fsolver_type *g3_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }

#include <gsl/gsl_rng.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

static inline const gsl_rng_type *g3_rng_mt19937(void) { return gsl_rng_mt19937; }
