<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Preparing the model (PyTorch&apos;s first optimizer takes ~2 s)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColumnDialog</name>
    <message>
        <source>Open {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with a header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rows} rows, {columns} columns ({header}). First rows:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 missing or non-numeric value will be filled by linear interpolation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} missing or non-numeric values will be filled by linear interpolation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no missing values</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareGatesPanel</name>
    <message>
        <source>Which gate to show for every variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no such gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last layer · colour bar: 0 closed … 1 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last layer · gates 0…1 (viridis) · g, n −1…1 · RNN a −3…3 (blue–red)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareGradPanel</name>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before clipping · clipping {clip} (all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clipping </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareGradTimePanel</name>
    <message>
        <source>Gradient over t · step {step}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareHiddenPanel</name>
    <message>
        <source>last layer · one colour scale: −1 blue … +1 red</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareHistoryPanel</name>
    <message>
        <source>step {step}: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareLossPanel</name>
    <message>
        <source>solid: train (smoothed) · faint: each step · dots: validation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareMemoryPanel</name>
    <message>
        <source>τ (steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>τ now: {taus}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} {tau} (step {step})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>The setting the variants differ in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 to 4 values separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train every variant in lockstep, or pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One step of every variant (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New variants from the settings now: the left column&apos;s shared settings and the values here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared: {cell} H{H} L{L} T{T}, {data}, seed {seed} (the left column&apos;s settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New variants: the comparison restarts from step 0 (step {step} is lost). Continue?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not start: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preset {name}: {steps} steps; Start runs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{setting} is the varied setting here: each variant keeps its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {name} stopped at step {step}; the others go on. {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {step}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on {where} at step {step}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compare · step {step}   {losses}   {rate} steps/s   {state}  </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>A second direction reads each window backwards; the head reads both final states. Series only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>. Off for a text: the reverse direction would read the very characters the model must predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reverse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{cell} layer {layer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open CSV / text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load your own series (CSV/TSV column) or a UTF-8 text (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the built-in noisy sine wave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vanilla RNN (tanh), LSTM (gates i, f, g, o) or GRU (gates r, z, n)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden units per layer (H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacked recurrent layers (L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time steps per window (T): how far back the model sees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows per step; auto = full batch for a series, 64 for text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed of the initial weights and the batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where training runs; probes always run on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model (changes reset)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Init</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seq len</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate, log scale; takes effect at the next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping: rescale the whole gradient to at most the threshold (norm), or cut each component (value); live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clipping threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe every N steps; auto = a few times a second within 3% of the time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text sampling temperature: low = safe, high = surprising</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training (live)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or pause training (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One training step, then a probe (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New weights from the current settings (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (torch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orthogonal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial weights. Default: torch&apos;s own U(-1/√H, 1/√H). Xavier: Xavier-uniform per gate block, biases zero. Orthogonal: each gate&apos;s H×H recurrent block orthogonal, input weights Xavier, biases zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiplies every recurrent (hidden-to-hidden) weight after initialisation. From an orthogonal start 1.5 makes an exploding RNN and 0.5 a vanishing one (see the gradient over time steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout P between stacked layers, in training only (probes and predictions run without it); needs 2 or more layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bidirectional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>vanishing-gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exploding-gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saturated-gates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead-units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overfitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try an LSTM or GRU, a shorter window (Seq len, --seq-len), or for an LSTM a forget-gate bias of 1 (Diagnostics view, --forget-bias 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn on gradient clipping (Clipping: norm, --clip norm) or lower the learning rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lower the learning rate or restart from a fresh initialisation; inputs far from zero also push gates to 0 or 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart with another seed or a lower learning rate; fewer hidden units may do the same job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop earlier, use a smaller model, or train on more data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lower the learning rate or turn on gradient clipping (Clipping: norm, --clip norm).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In layer {layer} the gradient reaching the window&apos;s first step is {ratio} of the last step&apos;s, so the model can hardly learn from early inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In layer {layer} the step Jacobian&apos;s norm stayed above 1 (up to {jacobian}) for {probes} probes and the gradient grows toward the first step ({ratio}x the last step&apos;s), so perturbations are amplified through time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{share} of the {gate} gate&apos;s values in layer {layer} sit below 0.1 or above 0.9, where a sigmoid passes almost no gradient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{share} of the units in layer {layer} barely move (std of h below {std} over the probe batch), so they carry no information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At step {step} the global gradient norm was {norm}, {times}x its running median of {median}, so one step can throw the weights far off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss or gradient at step {step} was not finite; the step was undone and the last good weights kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation loss {loss} is {rise} above its minimum {low} (step {low_step}) while the training loss kept falling, so the model is memorising its training data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation loss {loss} rose above ln V = {uniform}, worse than guessing among all characters uniformly, after it had been below it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DynamicsPanel</name>
    <message>
        <source>amplifying ↑</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shrinking ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max ‖J‖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean ‖J‖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spectral radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: max ‖J‖ {max}, mean {mean}, spectral radius {radius}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: max ‖J‖ {max}; mean {mean}; radius {radius}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Experiments</name>
    <message>
        <source>{file} (cannot load)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compare {vary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>solo run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}  ({kind}, {steps} steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a preset file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run your own experiment: a .toml or .json preset file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets (*.toml *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: press Start to run it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiment {name} replaces this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {step}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on {where} at step {step}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>nothing to export yet: train a step first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Fonts</name>
    <message>
        <source>install a CJK font, e.g. sudo apt-get install fonts-wqy-microhei, then restart rnnviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} characters of this text ({shown}) have no glyph in any installed font and show as boxes: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForgetBiasPanel</name>
    <message>
        <source>Set forget bias to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every layer: b_ih&apos;s forget slice = 1 and b_hh&apos;s = 0, so b_ih + b_hh = 1, from the next step on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>b_ih + b_hh (forget slice)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only an LSTM has a forget gate (this is a {cell})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: mean {mean}, from {low} to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nearest units: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GatesPanel</name>
    <message>
        <source>Which direction of the bidirectional layer to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RNN pre-activation (no gates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a = W_ih x + W_hh h + b before tanh; |a| &gt; 2: saturated, passes almost no gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gate activations — {cell}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GlobalGradPanel</name>
    <message>
        <source>gradient norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clip threshold (by norm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: before {before}, after {after}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GradTimePanel</name>
    <message>
        <source>time step t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient over time steps · step {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>τ = {taus} steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>τ per layer = {taus}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (layer {n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (layer {n} forward)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 (below float32&apos;s range)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>faded: steps </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HiddenPanel</name>
    <message>
        <source>unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bars: ‖∂L/∂x_t‖, the prediction at t = {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bars: ‖∂L/∂x_t‖, the forecast at t = {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · click t = {T}: back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribution of t = {t} to the prediction at t = {at}: {value}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smooth </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the smoothed training curve (0 = no smoothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: train {train} (smoothed {smoothed})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, val {val} (step {step})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>rnnviz — watch a recurrent network learn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active training-health warnings; click for the Diagnostics view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open CSV or text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on your own data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the built-in &amp;sine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export all…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every plot as PNG/SVG/CSV plus config, metrics, history, probe and checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;animation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole {view} view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start / pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xperiments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language: {name}, from the next start of rnnviz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not start: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in noisy sine, sin(t) + N(0, 0.1²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} missing values filled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset draws new weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This change needs new weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{why}: training restarts from step 0 (step {step} is lost). Continue?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only an LSTM has a forget gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set every layer&apos;s forget-gate bias to {value} from the next step on? Training goes on from the current weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forget-gate bias set to {value} at the next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}   loss {loss}   val {val}   {rate} steps/s   lr {lr}   {state}  </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {why}. Then press Start to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening {name} resets training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a series (CSV/TSV) or a text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data (*.csv *.tsv *.txt *.md);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switching to the sine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exported {n} files to {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {name} replaces the current weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export all into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch (*.pt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inspecting layer {layer}, unit {unit}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing layer {layer}, unit {unit}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribution of another step needs the weights of the probe: press Live first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrote {path} ({n} frames)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Divergence&lt;/b&gt;: when the loss or the gradient stops being a finite number, training stops and goes back to the newest &lt;i&gt;healthy&lt;/i&gt; weights: those of the latest step whose loss was within 4x the best loss so far (the last finite weights have often blown up already). Lower the learning rate, then Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Look closer&lt;/b&gt;: click a row of the hidden-state heatmap to open that unit in the Unit view (the validation part coloured by its activation, its top windows, gates, gradient row and most correlated units). Click a step under the heatmap to attribute the prediction at that step to the inputs before it. Text: hover a character of the sample or a step of the heatmap for the next-character odds; they follow the temperature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Replay&lt;/b&gt;: the run keeps up to {keep} whole probes for replay. While there is room it keeps every probe; when it is full it keeps every second one (then every fourth, ...), always with the newest, so the kept probes cover the whole run evenly and memory stays bounded. Drag the slider to pin every probe panel to one of them (the loss curves mark its step); let go, or press Live, to return; ▶ plays them back. File ▸ Export animation writes them as a GIF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Keys&lt;/b&gt;: Space start/pause and S single step (whatever control has focus), Ctrl+R reset, Ctrl+O open, Ctrl+E export all, Ctrl+S save checkpoint, Ctrl+1… switch view, F1 this help. Hover a plot to read exact values; double-click a plot (or ⤢) to enlarge it; right-click to export it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <source>step {step}: τ = {taus} (steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: τ = {taus}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Note</name>
    <message>
        <source>Dismiss this note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> … (click for more)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OddsBox</name>
    <message>
        <source>Hover a character of the sample, or a step of the hidden-state heatmap, to see the model&apos;s next-character odds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay: the odds need the current weights; press Live to read them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Next character&lt;/b&gt; after “{context}” at temperature {t}: entropy {bits} bits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>layer {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enlarge this panel to fill the view, or restore it (or double-click the plot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which layer to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time step t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: unit {u}, t = {t}: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each variant&apos;s training loss (solid: smoothed, faint: every step) and validation loss (dots), log scale, one colour per variant. All variants see the same batches in the same order, so the curves differ only by the varied setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global gradient norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The norm of each variant&apos;s whole gradient at every step, before clipping, log scale. Spikes are exploding gradients; with clipping by norm a variant&apos;s steps are cut down to its threshold (the caption says which variants clip).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient over time steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>||dL_T / dh_t|| for t = 1..T in each variant&apos;s newest probe (its last layer), log scale: how strongly the final prediction&apos;s loss reaches back to the state at step t. A steep fall to the left is a vanishing gradient; the slope gives the memory length tau (the gradient shrinks by e every tau steps back), listed in the caption.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory length τ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each variant&apos;s memory length tau (its last layer) at every probe so far, log scale: the e-folding distance of ||dL_T/dh_t||, fitted as a straight line on the log scale. A short tau means the gradient vanishes within a few steps back, so the model cannot learn from what came earlier. tau = ∞ (no decay) is not drawn; the caption shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden state h_t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each variant&apos;s hidden state in its newest probe (last layer; units in rows, time steps in columns), side by side on one colour scale: blue -1, white 0, red +1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One gate of every variant in its newest probe (last layer; units in rows, time steps in columns), side by side on the same colour scale; the box chooses the gate. Sigmoid gates run from 0 (closed) to 1 (open); the candidates g, n from -1 to 1. &apos;memory gate&apos; shows what keeps the state in each cell: the LSTM&apos;s forget gate f, the GRU&apos;s update gate z (1 = keep the old state), and, for a vanilla RNN, which has no gate, its tanh pre-activation a (-3..3; |a| &gt; 2 is saturated and passes almost no gradient).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reverse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient norm over time steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>||dL_T / dh_t|| for t = 1..T: how strongly the loss of the final step&apos;s prediction reaches back to the hidden state at step t, one curve per layer, log scale. A curve falling steeply to the left is a vanishing gradient (early steps barely learn); rising to the left is an exploding one. Faded curves are the four probes before the newest; the caption names their steps. The caption&apos;s ratio ||dL_T/dh_1|| / ||dL_T/dh_T|| is how much of the gradient reaches the first step, and tau, the memory length, is the e-folding distance of the curve: a straight line fitted on this log scale, the gradient shrinks by e every tau steps back (∞: it does not decay). A bidirectional layer has a dashed curve for its reverse direction, mirrored: the head reads the reverse state at t = 1, so that curve is largest at t = 1 and fades toward t = T.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global gradient norm per step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The norm of the whole gradient at each training step, before clipping (blue) and after (orange), log scale. With clipping by norm the dashed line is the threshold: spikes above it are cut down to it. Spikes without clipping are exploding gradients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>i input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>f forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>g cand. ±1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>o output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>z update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n cand. ±1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-activation a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hidden state of every unit (rows) at every time step (columns) of the probe sequence (the first validation window), for the chosen layer. tanh keeps it in [-1, 1]: blue negative, red positive, white zero. Units that stay at ±1 are saturated. Click a row to inspect that unit in the Unit view.
The bars under it are the input attribution ||dL_T/dx_t||: how much each input of the window mattered to the loss of the final step&apos;s prediction (Distill, &apos;Visualizing memorization in RNNs&apos;). Click a step to ask the same of the prediction made at that step (zero after it: the model cannot look ahead); click the last step to go back. Text: hover a step to see the model&apos;s next-character odds after it.
A bidirectional layer shows its two directions side by side, both in forward time: the reverse direction reads the window from t = T back to t = 1, so its column t has seen x_t..x_T.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gate activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LSTM: input i, forget f, output o gates (sigmoid, 0 = closed, 1 = open) and the candidate g (tanh, -1..1). GRU: reset r and update z gates (0..1) and the candidate n (-1..1). Rows are units, columns time steps, for the chosen layer. A vanilla RNN has no gates: its tanh pre-activation is shown instead; |a| &gt; 2 means the unit is saturated and passes almost no gradient. A bidirectional layer: choose the direction next to the layer (both in forward time).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training loss at every step (light blue: raw, blue: smoothed) and validation loss on held-out data (orange), log scale. MSE in normalized units for a series, cross-entropy in nats for text. Validation rising while training falls = overfitting. The smoothed curve is a causal exponential moving average with bias correction (as TensorBoard&apos;s): it starts at the first raw value and never changes what it has already drawn; the &apos;smooth&apos; box sets its weight (0 = none, 0.99 = very smooth).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predictions vs data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series: the data (grey) and the model&apos;s one-step-ahead prediction of every value from the seq-len values before it, on the training part (blue) and the held-out validation part (orange, right of the dashed line), in the data&apos;s own units. Each of these reads true values only (teacher forcing), so an error never carries over.
Free-running (purple): the model&apos;s own rollout over the validation part. Its first prediction reads the seq-len true values before the validation part (so it equals the orange one there); every later window ends with the model&apos;s own earlier predictions instead of the data, so its errors feed back and it drifts, toward the pattern the model has learnt (or a flat line). It is redone with a probe at most once a second while training, and for the shown weights whenever training stops.
Text: a sample generated by the model, started from the prime text; higher temperature gives more surprising characters. Hover a character to see the model&apos;s five most probable next characters after it (read from a zero state up to it, with the current weights) at the current temperature, and the entropy of that distribution in bits. With several sample temperatures (--samples, the temperature experiment) the samples stand side by side, one column per temperature, all drawn from the same model at the same step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gate saturation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One plot per sigmoid gate (LSTM: input, forget, output; GRU: reset, update) and a dot per unit, over the probe batch (the first 64 validation windows, every step): x = share of the gate&apos;s values below 0.1 (shut), y = share above 0.9 (wide open), as in Karpathy, Johnson &amp; Fei-Fei (2015). Dots near the origin are gates that still weigh their inputs; dots near the right or top edge are saturated, and a saturated sigmoid passes almost no gradient. A vanilla RNN has no gates: its plot shows each unit&apos;s share of |h| &gt; 0.9 (tanh&apos;s flat tails) against its spread. Hover a dot to name the unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurrent dynamics over training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖J‖, radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How strongly one step&apos;s state depends on the previous one (Pascanu et al. 2013), at every probe: the largest singular value of the step Jacobian ∂s_t/∂s_(t-1) (s = h, or [h; c] for an LSTM), the most over the probe window&apos;s steps (blue) and its mean over them (cyan); purple: the largest spectral radius of the recurrent weight blocks (one block per gate); a line style per layer. Above the line at 1 a step amplifies, so gradients can explode; below it a step shrinks, so they vanish; near 1 is the edge where long memory is possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory length τ over training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>τ (steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The vanishing gradient as one number per layer, at every probe: τ is how many steps back the gradient reaches before it shrinks by a factor e (a least-squares line through ln ‖dL_T/dh_t‖ against T − t has slope b; τ = −1/b). A long τ lets the model learn from far back; a short one means early steps barely learn. A gradient that does not decay has no finite τ: it is left out of the curve and the caption says ∞.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget-gate bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LSTM: a histogram of every unit&apos;s forget-gate bias b_ih + b_hh (the forget slice) in the chosen layer. With a bias near 0 the forget gate starts half shut (σ(0) = 0.5), so the cell state halves every step and the gradient vanishes; a bias of 1 starts it mostly open (σ(1) = 0.73), which Jozefowicz et al. (2015) found lengthens memory. The button sets every layer&apos;s forget bias to 1 at the next step (it asks first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the numbers say, in plain words: every warning that holds now, with what it means and what to try; ones that held earlier are greyed below. The rules and their thresholds are in the README (and &apos;rnnviz train --help&apos;): vanishing-gradient, exploding-gradient, saturated-gates, dead-units, overfitting, diverged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input i</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forget f</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>candidate g</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output o</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reset r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>candidate n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit over the probe window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The inspected unit over the probe window (t = 1..T): its gates (LSTM i, f, o and GRU r, z in 0..1; the candidates g and n in -1..1; a vanilla RNN has none, its hidden state is shown) and, below, its layer&apos;s ||dL_T/dh_t|| (log scale): how strongly the final step&apos;s loss reaches back to that layer at step t. Follows the live probe, or the replayed one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictionsPanel</name>
    <message>
        <source>index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free-running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predictions vs data — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} missing values filled by linear interpolation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample at step {step}, temperature {t} — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples at step {step} — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low: safe and repetitive · 1: the model&apos;s own odds · high: surprising</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free-running (step {step})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pred. train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pred. validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>index {i}: data {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, predicted {value} ({split})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, free-running {value}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Play training back through the stored probes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay: drag to see every probe panel at an earlier moment of training; let go to return to live. The run keeps at most a few hundred probes, thinned evenly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the newest probe again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}  (probe {i} of {n} kept)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaturationPanel</name>
    <message>
        <source>units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of |h| &gt; 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>std of h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{gate} gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share &lt; 0.1 (shut)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share &gt; 0.9 (open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}, saturated (below 0.1 or above 0.9): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}: |h| &gt; 0.9 in {share} of the values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit {u}: |h| &gt; 0.9 in {share} of the values, std {std}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit {u}, {gate} gate: below 0.1 {below}, above 0.9 {above}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainerWorker</name>
    <message>
        <source>training stopped: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnitProbePanel</name>
    <message>
        <source>gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer {layer}, unit {unit} over the probe window · step {step}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnitView</name>
    <message>
        <source>unit </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute and show this unit with the current weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a row of the hidden-state heatmap to inspect a unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Most correlated units&lt;/b&gt; (Pearson r over the validation part; click to open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a row of the hidden-state heatmap (Training view) to inspect a unit, or choose one here and press Inspect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer {layer}, unit {unit}&lt;/b&gt; ({cell}) — {name}, weights of step {step}. Colours: h&lt;sub&gt;t&lt;/sub&gt;[{unit}] </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; the first {limit} of {n} shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation part (positions {start}..{end}) read as one continuous pass from a zero state, coloured by the unit&apos;s activation{note}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer {layer}, unit {unit}    r = {r}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>values {start}..{end}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Top {k} of {n} validation windows&lt;/b&gt; by score = max of h&lt;sub&gt;t&lt;/sub&gt;[{unit}] over the window, each run from a zero state as in training (coloured by that run). Click a rank to show it in place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>View</name>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarningsPanel</name>
    <message>
        <source>(since step {step})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No warning holds now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} (step {step}; no longer holds): {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings: {n} active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings: none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
