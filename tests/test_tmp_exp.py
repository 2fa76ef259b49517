import asyncio
import cProfile
import pstats
import shutil
import time

from tests.conftest import make_app, settle


async def test_exp(tmp_path):
    from facilitator.screens.export import ExportScreen
    from facilitator.store import Store
    shutil.copy('/tmp/large.db', tmp_path/'l.db')
    store = Store(tmp_path/'l.db', auto_backup=False)
    net = store.list_networks()[0]
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ExportScreen(net.id, 12))
        await settle(pilot)
        for _ in range(100):
            await pilot.pause(0.05)
            if "klar" in str(app.screen.query_one("#export-status").render()): break
        pr = cProfile.Profile()
        lags=[]
        pr.enable()
        await pilot.press("ctrl+s")
        t0=time.perf_counter()
        while time.perf_counter()-t0 < 3:
            a=time.perf_counter(); await asyncio.sleep(0.005); lags.append((round((time.perf_counter()-a)*1000), round(a-t0,2)))
        pr.disable()
        print(sorted(lags, reverse=True)[:10])
        pstats.Stats(pr).sort_stats("cumulative").print_stats(40)
