import time, pytest
from resiliencehub.followup.tests import test_year_of_schedules as t
from resiliencehub.followup.tests.worker import Worker

@pytest.mark.django_db
def test_prof(hub_a):
    import cProfile, pstats
    pr = cProfile.Profile(); pr.enable()
    start=time.time()
    gen = t.year.__wrapped__(hub_a)
    worker, people = gen
    pr.disable()
    print("runs", worker.runs, "secs", time.time()-start)
    pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
