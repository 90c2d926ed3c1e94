//! Catalogue loading and search. Targets (issue 2): a keystroke's search over 100,000 tools within
//! 8 ms, over the embedded catalogue under 0.2 ms.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vereint::catalog::search::{Index, Searcher};
use vereint::catalog::{self, Tool};

fn load(c: &mut Criterion) {
    let files = catalog::embedded_files();
    c.bench_function("catalog/load_and_validate_embedded", |b| {
        b.iter(|| catalog::load_files(black_box(&files)).unwrap())
    });
}

/// 100,000 tools made from the embedded ones with varied names, providers and summaries.
fn generated(n: usize) -> Vec<Tool> {
    let base = &catalog::embedded().unwrap().tools;
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "xe", "zi", "bra", "chu", "dre", "fli", "gro",
        "ple", "stu",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut word = |len: usize| {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                SYLLABLES[(seed % 16) as usize]
            })
            .collect::<String>()
    };
    (0..n)
        .map(|i| {
            let mut t = base[i % base.len()].clone();
            t.id = format!("{}-{i}", t.id);
            t.name = format!("{} {}", word(3), word(2));
            t.provider.name = format!("{} GmbH", word(3));
            t.summary.de = format!("{} {} {}", word(2), t.summary.de, word(2));
            t.summary.en = format!("{} {} {}", word(2), t.summary.en, word(2));
            t
        })
        .collect()
}

fn search(c: &mut Criterion) {
    let cat = catalog::embedded().unwrap();
    let index = Index::new(&cat);
    let mut group = c.benchmark_group("search");

    // The first keystroke scans everything; each further one narrows the previous hits.
    group.bench_function("embedded/first_keystroke", |b| {
        b.iter_batched(
            Searcher::default,
            |mut s| s.search(&index, "s"),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("embedded/next_keystroke", |b| {
        b.iter_batched(
            || {
                let mut s = Searcher::default();
                s.search(&index, "ver");
                s
            },
            |mut s| s.search(&index, "vers"),
            BatchSize::SmallInput,
        )
    });

    let tools = generated(100_000);
    let big = Index::from_tools(&tools, |c| c.to_string());
    group.bench_function("100k/first_keystroke", |b| {
        b.iter_batched(
            Searcher::default,
            |mut s| s.search(&big, "k"),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("100k/next_keystroke", |b| {
        b.iter_batched(
            || {
                let mut s = Searcher::default();
                s.search(&big, "kal");
                s
            },
            |mut s| s.search(&big, "kalo"),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("100k/fresh_query_kalo", |b| {
        b.iter_batched(
            Searcher::default,
            |mut s| s.search(&big, "kalo"),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = load, search
}
criterion_main!(benches);
